package crate.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import crate.network.firewall.PortMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --network cni:NAME}: connects the container with the standard CNI plugins (CNI spec
 * 1.0) of the network NAME, found in the settings' CNI configuration directories; the plugins'
 * executables come from the CNI plugin directories. ADD's configuration and result are cached
 * (see {@link ResultCache}), so that DEL and CHECK repeat exactly what ADD got.
 */
public final class CniDriver implements NetworkDriver {
    /** How long one plugin run may take (the bridge plugin takes milliseconds; dhcp can take seconds). */
    static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(60);

    private final NetworkSettings settings;
    private final Duration timeout;

    public CniDriver() {
        this(NetworkSettings.defaults(), PLUGIN_TIMEOUT);
    }

    CniDriver(NetworkSettings settings, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "cni";
    }

    @Override
    public NetworkDriver withSettings(NetworkSettings newSettings) {
        return new CniDriver(newSettings, timeout);
    }

    @Override
    public void validate(ContainerContext container) throws CrateException {
        NetworkConfigList list = configs().find(network(container));
        if (!ports(container).isEmpty() && !list.hasCapability(NetworkConfigList.PORT_MAPPINGS)) {
            throw new CrateException("CNI network " + list.name() + " (" + list.source() + ") cannot publish ports: "
                    + "no plugin declares the portMappings capability (add the portmap plugin with "
                    + "\"capabilities\": {\"portMappings\": true})");
        }
        for (var plugin : list.plugins()) {
            exec().find(NetworkConfigList.type(plugin));
        }
    }

    @Override
    public Map<String, String> attach(ContainerContext container, int initPid) throws CrateException {
        String network = network(container);
        List<PortMapping> ports = ports(container);
        NetworkConfigList list = configs().find(network).forContainer(ports);
        CniRuntime runtime = runtime(container, "/proc/" + initPid + "/ns/net");
        ResultCache cache = cache();
        // Before any plugin runs: a DEL after a crash in the middle of ADD knows what to undo.
        cache.write(network, runtime, new ResultCache.Entry(list, Optional.empty()));
        CniResult result;
        try {
            result = chain().add(list, runtime);
            cache.write(network, runtime, new ResultCache.Entry(list, Optional.of(result.json())));
        } catch (CrateException | RuntimeException e) {
            try {
                cache.remove(network, runtime);
            } catch (CrateException removeFailed) {
                e.addSuppressed(removeFailed);
            }
            throw e;
        }
        return report(result, runtime, container);
    }

    @Override
    public void check(ContainerContext container, int initPid) throws CrateException {
        String network = network(container);
        CniRuntime runtime = runtime(container, "/proc/" + initPid + "/ns/net");
        ResultCache.Entry entry = cache().read(network, runtime)
                .orElseThrow(() -> new CrateException("container " + container.id() + " has no CNI attachment to network "
                        + network + " (no cache " + cache().file(network, runtime) + ")"));
        JsonNode result = entry.result().orElseThrow(() -> new CrateException("container " + container.id()
                + ": the ADD of CNI network " + network + " never finished"));
        chain().check(entry.list(), runtime, result);
    }

    @Override
    public void detach(ContainerContext container) throws CrateException {
        String network = network(container);
        // The container has ended, its network namespace with it (and the kernel removed the
        // veth's peer): DEL goes without CNI_NETNS, which the spec allows.
        CniRuntime runtime = runtime(container, "");
        ResultCache cache = cache();
        Optional<ResultCache.Entry> entry = cache.read(network, runtime);
        if (entry.isEmpty()) {
            return; // never attached (the cache is written before the first plugin runs), or detached already
        }
        chain().del(entry.get().list(), runtime, entry.get().result());
        cache.remove(network, runtime); // last: a failed DEL is retried by the next delete
    }

    /** NAME of {@code cni:NAME}; an error listing the networks when it is missing or malformed. */
    private String network(ContainerContext container) throws CrateException {
        String option = container.options().getOrDefault(ContainerContext.NETWORK, name());
        int colon = option.indexOf(':');
        String network = colon < 0 ? "" : option.substring(colon + 1);
        if (network.isEmpty()) {
            NetworkConfigs configs = configs();
            throw new CrateException("--network cni needs a network: --network cni:NAME, NAME from " + configs.where()
                    + configs.available());
        }
        if (!network.matches(NetworkConfigList.NAME_PATTERN)) {
            throw new CrateException("--network " + option + ": \"" + network + "\" is not a valid CNI network name");
        }
        return network;
    }

    private static List<PortMapping> ports(ContainerContext container) throws CrateException {
        List<PortMapping> ports = new ArrayList<>();
        String lines = container.options().getOrDefault(ContainerContext.PORTS, "");
        for (String line : lines.split("\n", 0)) {
            if (!line.isBlank()) {
                ports.addAll(PortMapping.parse(line.strip()));
            }
        }
        return ports;
    }

    private static Map<String, String> report(CniResult result, CniRuntime runtime, ContainerContext container) {
        Map<String, String> report = new LinkedHashMap<>();
        report.put(INTERFACE, runtime.ifName());
        result.firstIpv4().ifPresent(ip -> report.put(ADDRESS, ip.address()));
        result.ipv4Gateway().ifPresent(gateway -> report.put(GATEWAY, gateway));
        if (!result.nameservers().isEmpty()) {
            report.put(NAMESERVERS, String.join(" ", result.nameservers()));
        }
        String ports = container.options().getOrDefault(ContainerContext.PORTS, "").strip();
        if (!ports.isEmpty()) {
            report.put(PORTS, ports);
        }
        return report;
    }

    private static CniRuntime runtime(ContainerContext container, String netns) {
        return new CniRuntime(container.id(), netns, CniRuntime.IFNAME);
    }

    private NetworkConfigs configs() {
        return new NetworkConfigs(settings.cniConfigDirs());
    }

    private PluginExec exec() {
        return new PluginExec(settings.cniPluginDirs(), timeout);
    }

    private PluginChain chain() {
        return new PluginChain(exec());
    }

    private ResultCache cache() {
        return new ResultCache(settings.driverDir(name()));
    }
}
