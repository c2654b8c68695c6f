package crate.network.cni;

import crate.api.network.NetworkSettings;
import crate.api.spi.ContainerContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Shell scripts that stand in for CNI plugins in unit tests: each logs its call (type, command
 * and CNI_* variables) to {@code calls}, keeps its stdin as {@code TYPE-COMMAND.json}, and
 * prints what the test told it to.
 */
final class FakePlugins {
    final Path root;
    final Path confDir;
    final Path pluginDir;
    final Path logDir;

    FakePlugins(Path root) throws IOException {
        this.root = root;
        this.confDir = Files.createDirectories(root.resolve("net.d"));
        this.pluginDir = Files.createDirectories(root.resolve("bin"));
        this.logDir = Files.createDirectories(root.resolve("log"));
    }

    /** A plugin that prints {@code addResult} on ADD and succeeds on everything. */
    void plugin(String type, String addResult) throws IOException {
        script(type, "[ \"$CNI_COMMAND\" = ADD ] && printf '%s' '" + addResult + "'\nexit 0\n");
    }

    /** A plugin that runs {@code body} after logging its call. */
    void script(String type, String body) throws IOException {
        Path file = pluginDir.resolve(type);
        Files.writeString(file, "#!/bin/sh\nstdin=$(cat)\n"
                + "echo \"" + type + " $CNI_COMMAND $CNI_CONTAINERID $CNI_NETNS $CNI_IFNAME $CNI_PATH\" >> " + logDir + "/calls\n"
                + "printf '%s' \"$stdin\" > " + logDir + "/" + type + "-$CNI_COMMAND.json\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A result of one address and gateway, as the bridge plugin prints it. */
    static String result(String address, String gateway) {
        return "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/proc/1/ns/net\"}],"
                + "\"ips\":[{\"address\":\"" + address + "\",\"gateway\":\"" + gateway + "\",\"interface\":0}],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dns\":{\"nameservers\":[\"10.99.0.53\",\"10.99.0.54\"]}}";
    }

    void conflist(String name, String version, String... pluginsJson) throws IOException {
        Files.writeString(confDir.resolve(name + ".conflist"), "{\"cniVersion\":\"" + version + "\",\"name\":\"" + name
                + "\",\"plugins\":[" + String.join(",", pluginsJson) + "]}");
    }

    List<String> calls() throws IOException {
        Path calls = logDir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** The calls as "TYPE COMMAND", in order. */
    List<String> commands() throws IOException {
        return calls().stream().map(call -> {
            String[] words = call.split(" ", -1);
            return words[0] + " " + words[1];
        }).toList();
    }

    String stdin(String type, String command) throws IOException {
        return Files.readString(logDir.resolve(type + "-" + command + ".json"));
    }

    NetworkSettings settings() {
        return NetworkSettings.defaults().withRoots(root.resolve("state"), root.resolve("data"));
    }

    CniDriver driver(java.time.Duration timeout) {
        NetworkSettings d = settings();
        return new CniDriver(new NetworkSettings(d.bridge(), d.subnet(), d.mtu(), d.firewall(), d.dns(), d.stateRoot(),
                d.dataRoot(), List.of(confDir), List.of(pluginDir)), timeout);
    }

    Path cacheDir() {
        return settings().driverDir("cni").resolve("results");
    }

    static ContainerContext container(String id, String network, String ports) {
        return new ContainerContext(id, "/bundle", null, "host", ports == null
                ? Map.of(ContainerContext.NETWORK, network)
                : Map.of(ContainerContext.NETWORK, network, ContainerContext.PORTS, ports));
    }
}
