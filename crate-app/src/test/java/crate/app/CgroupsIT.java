package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.app.CrateCli.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource limits through the CLI against the host's real cgroups (hybrid here: the v1
 * hierarchies; crate nests its cgroups under its own, which the test JVM's children share).
 * Each limit is shown to bite; the leak check also covers the containers' cgroups.
 */
@ExtendWith(NoHostLeaks.class)
class CgroupsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The limit file, v1 or v2, as the container sees it through its cgroup mount. */
    private static final String MEMORY_LIMIT =
            "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max";

    @TempDir Path work;
    private Path root;
    private String rootfs;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void setUp() {
        root = work.resolve("state");
        rootfs = CrateCli.busyboxRootfs().toString();
    }

    @AfterEach
    void deleteAll() {
        for (String id : ids) {
            cli("delete", "--force", id);
        }
    }

    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        return CrateCli.crateToFiles(work, all.toArray(String[]::new));
    }

    /** run -d with the limits given, the command after "--". */
    private void runDetached(String id, String... args) {
        ids.add(id);
        List<String> all = new ArrayList<>(List.of("run", "-d", "--name", id, "-r", rootfs));
        all.addAll(List.of(args));
        Result result = cli(all.toArray(String[]::new));
        assertEquals(0, result.exit(), result.err());
    }

    private JsonNode stats(String id) throws IOException {
        Result result = cli("events", "--stats", id);
        assertEquals(0, result.exit(), result.err());
        JsonNode event = JSON.readTree(result.out());
        assertEquals("stats", event.get("type").asText());
        assertEquals(id, event.get("id").asText());
        return event.get("data");
    }

    @Test
    void aTinyMemoryLimitWorksAndTheContainerSeesItsLimit() {
        Result tiny = cli("run", "--memory", "8m", "-r", rootfs, "true");
        assertEquals(0, tiny.exit(), "crate run --memory 8m /bin/true: " + tiny.err());
        Result seen = cli("run", "--memory", "64m", "-r", rootfs, "sh", "-c", MEMORY_LIMIT);
        assertEquals(0, seen.exit(), seen.err());
        assertEquals("67108864", seen.out().trim());
    }

    @Test
    void aForkLoopStopsAtThePidsLimit() {
        Result result = cli("run", "--pids-limit", "6", "-r", rootfs, "sh", "-c",
                "i=0; while [ $i -lt 20 ]; do sleep 30 & i=$((i+1)); done; echo forked; kill $(jobs -p) 2>/dev/null; true");
        assertTrue(result.err().contains("fork") || result.out().contains("fork"),
                "no fork failed under pids.max 6: " + result.out() + result.err());
    }

    @Test
    void aMemoryHogIsOomKilledAndEventsReportIt() throws Exception {
        runDetached("cg-oom", "--memory", "16m", "sh", "-c", "sleep 3; tail /dev/zero; exec sleep 300");
        Process events = CrateCli.start("--root", root.toString(), "events", "--interval", "200ms", "cg-oom");
        try {
            CompletableFuture<Boolean> sawOom = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (JSON.readTree(line).get("type").asText().equals("oom")) {
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    return false;
                }
            });
            assertTrue(sawOom.get(60, TimeUnit.SECONDS), "no oom event");
        } finally {
            events.destroy();
            events.waitFor(10, TimeUnit.SECONDS);
        }
        JsonNode memory = stats("cg-oom").get("memory");
        assertEquals(16L << 20, memory.get("usage").get("limit").asLong());
        assertTrue(memory.get("usage").get("failcnt").asLong() > 0, memory.toString());
    }

    @Test
    void aCpuQuotaThrottles() throws Exception {
        runDetached("cg-cpu", "--cpus", "0.1", "sh", "-c", "while :; do :; done");
        Thread.sleep(1500);
        JsonNode throttling = stats("cg-cpu").get("cpu").get("throttling");
        assertTrue(throttling != null && throttling.path("throttledPeriods").asLong() > 0,
                "not throttled: " + throttling);
    }

    @Test
    void pauseFreezesAndResumeThaws() throws Exception {
        runDetached("cg-pause", "sh", "-c", "exec sleep 300");
        assertEquals(0, cli("pause", "cg-pause").exit());
        assertEquals("paused", JSON.readTree(cli("state", "cg-pause").out()).get("status").asText());
        Result again = cli("pause", "cg-pause");
        assertEquals(125, again.exit());
        assertTrue(again.err().contains("not running"), again.err());
        assertEquals(0, cli("resume", "cg-pause").exit());
        assertEquals("running", JSON.readTree(cli("state", "cg-pause").out()).get("status").asText());
        // A paused container is deleted with --force too: its processes are killed and thawed.
        assertEquals(0, cli("pause", "cg-pause").exit());
        Result deleted = cli("delete", "--force", "cg-pause");
        assertEquals(0, deleted.exit(), deleted.err());
        ids.remove("cg-pause");
    }

    @Test
    void updateChangesLiveLimitsAndExecJoinsTheCgroup() throws Exception {
        runDetached("cg-update", "--memory", "64m", "--pids-limit", "50", "sh", "-c", "exec sleep 300");
        assertEquals(0, cli("update", "--memory", "32m", "--pids-limit", "20", "cg-update").exit());
        Result limit = cli("exec", "cg-update", "sh", "-c", MEMORY_LIMIT);
        assertEquals("33554432", limit.out().trim(), limit.err());
        Result fromStdin = CrateCli.crateWithInput("{\"pids\":{\"limit\":9}}", "--root", root.toString(),
                "update", "--resources", "-", "cg-update");
        assertEquals(0, fromStdin.exit(), fromStdin.err());
        assertEquals(9, stats("cg-update").get("pids").get("limit").asLong());
        // The exec'd process is in the container's cgroup: its namespace's root.
        Result cgroup = cli("exec", "cg-update", "cat", "/proc/self/cgroup");
        assertTrue(cgroup.out().lines().allMatch(line -> line.endsWith(":/")), cgroup.out());
    }

    @Test
    void aBadLimitFailsNamingItAndLeavesNothing() throws IOException {
        Result result = cli("run", "--name", "cg-bad", "--cpuset-cpus", "999", "-r", rootfs, "true");
        assertEquals(125, result.exit());
        assertTrue(result.err().contains("cpuset"), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(!Files.exists(root.resolve("cg-bad")), "state left behind");
    }
}
