package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.app.CrateCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration file changes what bin/crate does: where the state is, where a container's
 * cgroup is, the cgroup manager, the log's format; CRATE_CONFIG names the file; an invalid
 * file stops the command naming the line and key, before anything exists. Every container
 * has its state in the test's directory and its cgroup under a parent of the test's own,
 * removed afterwards, so that nothing meets crate's defaults.
 */
@ExtendWith(NoHostLeaks.class)
class ConfigIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The cgroup parent of this test's containers, relative: under the test JVM's own cgroups. */
    private static final String PARENT = "cfg-it-" + ProcessHandle.current().pid();

    @TempDir Path work;
    private String rootfs;
    /** Containers to delete after the test, each with the config file it was made with. */
    private final List<Map.Entry<Path, String>> containers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        rootfs = CrateCli.busyboxRootfs().toString();
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (Map.Entry<Path, String> container : containers) {
            crate(container.getKey(), "delete", "--force", container.getValue());
        }
        // crate leaves a parent cgroup (as runc); the test removes what it had made, deepest first.
        for (Path own : HostLeaks.ownCgroupDirs()) {
            Files.deleteIfExists(own.resolve(PARENT).resolve("inner"));
            Files.deleteIfExists(own.resolve(PARENT));
        }
    }

    /** A configuration file; its containers' cgroups go under {@link #PARENT} unless it has a [cgroups] table. */
    private Path config(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text.contains("[cgroups]") ? text
                : text + "[cgroups]\nparent = \"" + PARENT + "\"\n");
    }

    private Result crate(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return CrateCli.crateToFiles(work, all.toArray(String[]::new));
    }

    private void runDetached(Path config, String id) {
        containers.add(Map.entry(config, id));
        Result run = crate(config, "run", "-d", "--name", id, "-r", rootfs, "sh", "-c", "exec sleep 300");
        assertEquals(0, run.exit(), run.err());
    }

    private JsonNode state(Path config, String id) throws IOException {
        Result state = crate(config, "state", id);
        assertEquals(0, state.exit(), state.err());
        return JSON.readTree(state.out());
    }

    @Test
    void runtimeRootMovesTheState() throws IOException {
        Path root = work.resolve("cfg-root");
        Path config = config("root.toml", "[runtime]\nroot = \"" + root + "\"\n");
        runDetached(config, "cfg-root-1");
        assertTrue(Files.isRegularFile(root.resolve("cfg-root-1/state.json")), "no state under runtime.root");
        assertFalse(Files.exists(Path.of("/run/crate/cfg-root-1")), "state in the default root");
        Result list = crate(config, "list", "-q");
        assertEquals("cfg-root-1\n", list.out(), list.err());
        assertEquals("running", state(config, "cfg-root-1").get("status").asText());
        // Without the file, crate looks in the default root and does not see it.
        Result elsewhere = CrateCli.crateToFiles(work, "--root", work.resolve("empty").toString(), "list", "-q");
        assertEquals("", elsewhere.out(), elsewhere.err());
        // --root wins over the file.
        Result flag = crate(config, "--root", work.resolve("empty").toString(), "list", "-q");
        assertEquals("", flag.out(), flag.err());
        Result shown = crate(config, "config", "show");
        assertTrue(shown.out().contains("\nroot = \"" + root + "\"  # " + config + ":2\n"), shown.out());
    }

    @Test
    void cgroupsParentPlacesTheContainersCgroup() throws IOException {
        String parent = PARENT + "/inner";
        Path config = config("cgroups.toml", "[runtime]\nroot = \"" + work.resolve("state") + "\"\n[cgroups]\nparent = \""
                + parent + "\"\n");
        runDetached(config, "cfg-cgroup");
        long pid = state(config, "cfg-cgroup").get("pid").asLong();
        // Seen from the host: the init's cgroup in every hierarchy ends in parent/id, under the test's own cgroup.
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"));
        List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
        assertEquals(own.size(), lines.size(), lines.toString());
        for (int i = 0; i < lines.size(); i++) {
            String ownPath = own.get(i).split(":", 3)[2];
            String expected = (ownPath.equals("/") ? "" : ownPath) + "/" + parent + "/cfg-cgroup";
            assertEquals(own.get(i).substring(0, own.get(i).lastIndexOf(':') + 1) + expected, lines.get(i));
        }
        for (Path dir : HostLeaks.ownCgroupDirs()) {
            assertTrue(Files.isDirectory(dir.resolve(parent).resolve("cfg-cgroup")), dir.toString());
        }
        Result deleted = crate(config, "delete", "--force", "cfg-cgroup");
        assertEquals(0, deleted.exit(), deleted.err());
        containers.clear();
        for (Path dir : HostLeaks.ownCgroupDirs()) {
            // The parent crate made goes with its last container, both levels of it.
            assertFalse(Files.exists(dir.resolve(PARENT)), "left: " + dir.resolve(PARENT));
        }
    }

    @Test
    void crateConfigNamesTheFile() throws IOException {
        Path root = work.resolve("env-root");
        Path config = config("env.toml", "[runtime]\nroot = \"" + root + "\"\n");
        ProcessBuilder run = new ProcessBuilder(CrateCli.IMAGE.resolve("bin/crate").toString(),
                "run", "-d", "--name", "cfg-env", "-r", rootfs, "sh", "-c", "exec sleep 300");
        run.environment().put("CRATE_CONFIG", config.toString());
        containers.add(Map.entry(config, "cfg-env"));
        Result result = CrateCli.toFiles(work, run);
        assertEquals(0, result.exit(), result.err());
        assertTrue(Files.isRegularFile(root.resolve("cfg-env/state.json")), "no state under CRATE_CONFIG's root");
        ProcessBuilder path = new ProcessBuilder(CrateCli.IMAGE.resolve("bin/crate").toString(), "config", "path");
        path.environment().put("CRATE_CONFIG", config.toString());
        assertEquals(config + "\n", CrateCli.toFiles(work, path).out());
    }

    @Test
    void anInvalidFileFailsNamingTheLineAndKeyAndLeavesNothing() throws IOException {
        Path root = work.resolve("bad-root");
        Path config = config("bad.toml", "[runtime]\nroot = \"" + root + "\"\n\n[images]\nparallel_downloads = \"three\"\n");
        Result result = crate(config, "run", "-d", "--name", "cfg-bad", "-r", rootfs, "sh", "-c", "exec sleep 300");
        assertEquals(125, result.exit());
        assertEquals("crate: " + config + ":5: images.parallel_downloads: expected an integer from 1 to 64, got \"three\"\n",
                result.err());
        assertFalse(Files.exists(root), "state root made");
        assertFalse(Files.exists(Path.of("/run/crate/cfg-bad")), "state in the default root");
        Result syntax = crate(config("syntax.toml", "[runtime]\nroot = /run/x\n"), "list");
        assertEquals(125, syntax.exit());
        assertEquals("crate: " + work.resolve("syntax.toml") + ":2:8: runtime.root: invalid TOML: Unknown token\n", syntax.err());
        Result missing = crate(work.resolve("missing.toml"), "list");
        assertEquals(125, missing.exit());
        assertEquals("crate: " + work.resolve("missing.toml") + " (--config): no such configuration file\n", missing.err());
    }

    @Test
    void unknownKeysWarnAndTheContainerStillRuns() throws IOException {
        Path config = config("typo.toml", "[runtime]\nroot = \"" + work.resolve("state") + "\"\nrooot = \"/x\"\n");
        Result result = crate(config, "run", "--name", "cfg-warn", "-r", rootfs, "echo", "ran");
        assertEquals(0, result.exit(), result.err());
        assertEquals("ran\n", result.out());
        assertEquals("crate: warning: " + config + ":3: unknown key runtime.rooot (ignored)\n", result.err());
    }

    @Test
    void theManagerAndTheLogFormatComeFromTheFile() throws IOException {
        Path config = config("disabled.toml", "[runtime]\nroot = \"" + work.resolve("state") + "\"\nlog_format = \"json\"\n"
                + "[cgroups]\nmanager = \"disabled\"\n");
        Result result = crate(config, "run", "--name", "cfg-nocg", "--memory", "64m", "-r", rootfs, "sh", "-c",
                "cat /proc/self/cgroup");
        assertEquals(0, result.exit(), result.err());
        assertEquals("crate: warning: cgroups are disabled: linux.resources is not applied\n", result.err());
        Path log = work.resolve("log.json");
        Result failed = crate(config, "--log", log.toString(), "state", "cfg-none");
        assertEquals(125, failed.exit());
        JsonNode line = JSON.readTree(Files.readString(log));
        assertEquals("error", line.get("level").asText());
        assertTrue(line.get("msg").asText().contains("cfg-none"), line.toString());
    }

    @Test
    void theSeccompProfileOfCrateRunComesFromTheFileUnlessSecurityOptSaysOtherwise() throws IOException {
        String root = "[runtime]\nroot = \"" + work.resolve("state") + "\"\n";
        Path unconfined = config("unconfined.toml", root + "[security]\nseccomp_profile = \"unconfined\"\n");
        Path builtIn = config("builtin.toml", root);
        String mode = "grep '^Seccomp:' /proc/self/status";
        assertEquals("Seccomp:\t0\n", crate(unconfined, "run", "--name", "cfg-sc0", "-r", rootfs, "sh", "-c", mode).out());
        assertEquals("Seccomp:\t2\n", crate(builtIn, "run", "--name", "cfg-sc2", "-r", rootfs, "sh", "-c", mode).out());
        assertEquals("Seccomp:\t2\n", crate(unconfined, "run", "--security-opt", "seccomp=default", "--name", "cfg-sc2b",
                "-r", rootfs, "sh", "-c", mode).out());
    }
}
