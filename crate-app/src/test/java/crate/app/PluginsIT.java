package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.spec.Spec;
import crate.app.CrateCli.Result;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party plugins dropped into a plugin directory: the examples of examples/ (an isolator
 * and a network driver) run in their phases for real, and broken plugins are reported and
 * skipped without harming the runtime.
 */
@ExtendWith(NoHostLeaks.class)
class PluginsIT {
    @TempDir Path work;
    private Path plugins;
    private Path root;
    private Path bundle;
    private Path config;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectory(work.resolve("plugins"));
        config = Files.writeString(work.resolve("config.toml"), "[runtime]\nplugin_dir = \"" + plugins + "\"\n");
        root = work.resolve("state");
        bundle = Files.createDirectory(work.resolve("bundle"));
        Files.createSymbolicLink(bundle.resolve("rootfs"), CrateCli.busyboxRootfs());
    }

    @AfterEach
    void noContainerLeft() throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> left = Files.list(root)) {
                for (Path dir : left.toList()) {
                    crate("delete", "--force", dir.getFileName().toString());
                }
            }
        }
    }

    /** crate with this test's state root, and its plugin directory in the configuration file CRATE_CONFIG names. */
    private Result crate(String... args) {
        List<String> argv = new ArrayList<>(List.of(CrateCli.IMAGE.resolve("bin/crate").toString(), "--root", root.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put("CRATE_CONFIG", config.toString());
        return CrateCli.toFiles(work, builder);
    }

    private void writeConfig(Map<String, String> annotations, String... args) throws IOException {
        Spec spec = DefaultSpec.of(List.of(args), "rootfs", false);
        spec = new Spec(spec.ociVersion(), spec.process().withTerminal(false), spec.root(), "plugged", spec.domainname(),
                spec.mounts(), spec.linux(), annotations, spec.hooks());
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
    }

    @Test
    void pluginsListsCratesOwnAndTheDroppedInOnesWithVersionAndOrigin() throws IOException {
        Path audit = Files.copy(PluginJars.example("audit-isolator"), plugins.resolve("audit.jar"));
        Path veth = Files.copy(PluginJars.example("veth-network"), plugins.resolve("veth.jar"));
        Result table = crate("plugins");
        assertEquals(0, table.exit(), table.err());
        assertEquals("", table.err());
        List<String> lines = table.out().lines().map(l -> l.replaceAll(" +", " ")).toList();
        assertEquals("KIND NAME MODULE VERSION ORIGIN", lines.getFirst());
        assertTrue(lines.contains("isolator namespaces crate.namespaces 0.1.0-SNAPSHOT built-in"), table.out());
        assertTrue(lines.contains("network none crate.network 0.1.0-SNAPSHOT built-in"), table.out());
        assertTrue(lines.contains("isolator example-audit org.example.crate.audit 1.0.0 " + audit), table.out());
        assertTrue(lines.contains("network example-veth org.example.crate.vethnet 1.0.0 " + veth), table.out());

        Result json = crate("plugins", "--format", "json");
        assertEquals(0, json.exit(), json.err());
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertEquals("2.1", tree.get("pluginApi").asText());
        assertEquals(plugins.toString(), tree.get("pluginDir").asText());
        assertTrue(tree.get("plugins").valueStream().anyMatch(p -> p.equals(new ObjectMapper().valueToTree(Map.of(
                "kind", "network", "name", "example-veth", "module", "org.example.crate.vethnet", "version", "1.0.0",
                "origin", veth.toString())))), json.out());
        assertEquals(0, tree.get("broken").size(), json.out());
    }

    @Test
    void anIsolatorPluginRunsInEachPhaseOnTheHostAndInsideInit() throws IOException {
        Files.copy(PluginJars.example("audit-isolator"), plugins.resolve("audit.jar"));
        Path log = work.resolve("audit.log");
        writeConfig(Map.of("org.example.audit.log", log.toString()), "true");
        Result run = crate("run", "--bundle", bundle.toString(), "plug-audit");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = Files.readAllLines(log);
        assertEquals(5, lines.size(), lines.toString());
        // Host side, in the crate command: its own pid.
        assertTrue(lines.get(0).matches("prepare plug-audit pid=[0-9]+"), lines.get(0));
        assertTrue(lines.get(1).matches("attach plug-audit pid=[0-9]+ init=[0-9]+"), lines.get(1));
        // Inside crate init, PID 1 of the container's PID namespace, with its host name.
        assertEquals("mount plug-audit pid=1", lines.get(2));
        assertEquals("enter plug-audit pid=1 hostname=plugged", lines.get(3));
        assertTrue(lines.get(4).matches("release plug-audit pid=[0-9]+"), lines.get(4));
        assertNotEquals("1", lines.get(0).replaceAll(".*pid=", ""));
    }

    @Test
    void anIsolatorPluginThatRefusesAContainerStopsItsCreateAndLeavesNothing() throws IOException {
        Files.copy(PluginJars.example("audit-isolator"), plugins.resolve("audit.jar"));
        writeConfig(Map.of("org.example.audit.log", "relative.log"), "true");
        Result run = crate("run", "--bundle", bundle.toString(), "plug-refused");
        assertEquals(125, run.exit(), run.out());
        assertEquals("crate: example-audit: annotation org.example.audit.log must be an absolute path, got \"relative.log\"\n",
                run.err());
        assertNotEquals(0, crate("state", "plug-refused").exit(), "the container is gone");
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(), left.toList(), "state left behind");
        }
    }

    @Test
    void aNetworkDriverPluginConnectsTheContainerAndIsDetachedOnDelete() throws Exception {
        Files.copy(PluginJars.example("veth-network"), plugins.resolve("veth.jar"));
        // The peer: a network namespace of this test's own, held by a process it started.
        Process peer = new ProcessBuilder("unshare", "--net", "sleep", "600").start();
        try {
            Path log = work.resolve("veth.log");
            Map<String, String> annotations = new HashMap<>(Map.of("org.example.veth.peer", Long.toString(peer.pid()),
                    "org.example.veth.log", log.toString()));
            writeConfig(annotations, "sleep", "600");
            awaitOwnNetworkNamespace(peer.pid());
            Result run = crate("run", "-d", "--network", "example-veth", "--bundle", bundle.toString(), "plug-net");
            assertEquals(0, run.exit(), run.err());
            Result inside = crate("exec", "plug-net", "ip", "-4", "-o", "address", "show", "eth0");
            assertEquals(0, inside.exit(), inside.err());
            assertTrue(inside.out().contains("inet 192.0.2.2/24"), inside.out());
            // From the peer's namespace (never the host's), the container answers.
            Result ping = CrateCli.exec(List.of("nsenter", "--net=/proc/" + peer.pid() + "/ns/net",
                    "/bin/busybox", "ping", "-c", "1", "-W", "5", "192.0.2.2"), null);
            assertEquals(0, ping.exit(), ping.out() + ping.err());
            Result delete = crate("delete", "--force", "plug-net");
            assertEquals(0, delete.exit(), delete.err());
            assertEquals(List.of("attach eth0 192.0.2.2/24 peer ex-plug-net 192.0.2.1/24 plug-net", "detach plug-net"),
                    Files.readAllLines(log));
            Result link = CrateCli.exec(List.of("nsenter", "--net=/proc/" + peer.pid() + "/ns/net", "ip", "link", "show",
                    "ex-plug-net"), null);
            assertNotEquals(0, link.exit(), "the peer's end went with the container's namespace: " + link.out());
        } finally {
            peer.destroyForcibly();
            peer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutTheDriverTheContainerIsRefusedBeforeAnythingExists() throws IOException {
        writeConfig(Map.of(), "true");
        Result run = crate("run", "--network", "example-veth", "--bundle", bundle.toString(), "plug-nodriver");
        assertEquals(125, run.exit());
        // The built-in drivers only (none, host, bridge, cni...), never the example.
        assertTrue(run.err().startsWith("crate: --network example-veth: no such network driver (installed: none, host"),
                run.err());
        assertTrue(!run.err().contains("example-veth,") && !run.err().contains(", example-veth"), run.err());
        Result flags = crate("run", "--network", "nosuch", "-r", CrateCli.busyboxRootfs().toString(), "true");
        assertEquals(125, flags.exit());
    }

    @Test
    void brokenPluginsAreReportedAndSkippedAndCrateStillRuns() throws IOException {
        Path audit = PluginJars.example("audit-isolator");
        Path future = PluginJars.withApiVersion(audit, "3.0", plugins.resolve("future.jar"));
        Path unversioned = PluginJars.withApiVersion(audit, null, plugins.resolve("unversioned.jar"));
        Path garbage = PluginJars.garbage(plugins.resolve("garbage.jar"));
        Path compiled = Files.createDirectory(work.resolve("compiled"));
        Path nowhere = PluginJars.compile(compiled, "org.nowhere", Map.of(
                "module-info.java", "module org.nowhere { exports org.nowhere; }",
                "org/nowhere/Thing.java", "package org.nowhere; public class Thing {}"));
        Path needsNowhere = Files.move(PluginJars.compile(compiled, "needs.nowhere", Map.of(
                "module-info.java", "module needs.nowhere { requires crate.api; requires org.nowhere; }",
                "needs/nowhere/Empty.java", "package needs.nowhere; public class Empty {}"), nowhere),
                plugins.resolve("needs-nowhere.jar")); // without org.nowhere
        Path throwing = Files.move(PluginJars.compile(compiled, "boom.plugin", Map.of(
                "module-info.java", "module boom.plugin { requires crate.api; "
                        + "provides crate.api.spi.Isolator with boom.plugin.Boom; }",
                "boom/plugin/Boom.java", "package boom.plugin; public class Boom implements crate.api.spi.Isolator {"
                        + " public Boom() { throw new IllegalStateException(\"boom\"); }"
                        + " public String name() { return \"boom\"; } }")),
                plugins.resolve("boom.jar"));
        Path impostor = Files.move(PluginJars.compile(compiled, "impostor", Map.of(
                "module-info.java", "module impostor { requires crate.api; "
                        + "provides crate.api.spi.NetworkDriver with impostor.None; }",
                "impostor/None.java", "package impostor; public class None implements crate.api.spi.NetworkDriver {"
                        + " public String name() { return \"none\"; }"
                        + " public java.util.Map<String, String> attach(crate.api.spi.ContainerContext c, int pid) {"
                        + " throw new IllegalStateException(\"the impostor ran\"); }"
                        + " public void detach(crate.api.spi.ContainerContext c) {} }")),
                plugins.resolve("impostor.jar"));
        Files.copy(PluginJars.example("veth-network"), plugins.resolve("veth.jar")); // a good one among them
        // A directory is one plugin: its jars resolve together (here a module and the library it
        // needs), but it provides nothing.
        Path providesNothing = Files.createDirectory(plugins.resolve("provides-nothing"));
        Files.copy(nowhere, providesNothing.resolve("org.nowhere.jar"));
        Files.copy(needsNowhere, providesNothing.resolve("needs.nowhere.jar"));

        Result list = crate("plugins");
        assertEquals(0, list.exit(), list.err());
        String out = list.out();
        assertTrue(out.contains("network          example-veth"), out);
        assertTrue(out.contains("  " + future + ": it is built for crate plugin API 3.0, this crate has 2.1\n"), out);
        assertTrue(out.contains("  " + unversioned + ": its manifest does not say which crate plugin API it was built for"), out);
        assertTrue(out.contains("  " + garbage + ": garbage.jar is not a readable jar"), out);
        assertTrue(out.contains("  " + needsNowhere + ": cannot resolve its modules: Module org.nowhere not found"), out);
        assertTrue(out.contains("  " + throwing + ": its isolator boom.plugin.Boom cannot be loaded: "), out);
        assertTrue(out.contains("boom"), out);
        assertTrue(out.contains("  " + impostor + ": network \"none\" of impostor is skipped: crate.network (built-in) "
                + "provides it already\n"), out);
        assertTrue(out.contains("  " + providesNothing + ": it provides none of crate's plugin interfaces"), out);

        // Every other command goes on, with one warning per skipped plugin.
        Result run = crate("run", "-r", CrateCli.busyboxRootfs().toString(), "sh", "-c", "echo still runs");
        assertEquals(0, run.exit(), run.err());
        assertEquals("still runs\n", run.out());
        assertEquals(6, run.err().lines().filter(l -> l.startsWith("crate: warning: plugin ")).count(), run.err());
        // Plugins are loaded when a command first uses them: one that uses none warns of none.
        Result state = crate("state", "plug-missing");
        assertEquals(125, state.exit());
        assertEquals("crate: container plug-missing does not exist\n", state.err());
    }

    /** unshare has made its namespace once /proc/PID/ns/net differs from the test's own. */
    private static void awaitOwnNetworkNamespace(long pid) throws IOException, InterruptedException {
        Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).equals(own) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).equals(own)) {
            throw new IllegalStateException("unshare --net did not make a network namespace");
        }
    }
}
