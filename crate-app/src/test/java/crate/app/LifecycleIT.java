package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.spec.Mount;
import crate.api.spec.Spec;
import crate.app.CrateCli.Result;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runc-compatible lifecycle (create, start, state, kill, delete, list) against the real
 * kernel, with a private state root per test; after each test the root must be empty and
 * every init the test saw must be gone.
 */
class LifecycleIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path work;
    private Path root;
    private Path bundle;
    private Path out;
    private final List<Integer> inits = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        CrateCli.assumeRoot();
        root = work.resolve("state");
        bundle = Files.createDirectories(work.resolve("bundle"));
        out = Files.createDirectories(work.resolve("out"));
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        for (String id : ids()) {
            cli("delete", "--force", id);
        }
        assertEquals(List.of(), ids(), "containers left in the state root");
        for (int pid : inits) {
            assertFalse(Files.exists(Path.of("/proc/" + pid)) && !zombie(pid), "init " + pid + " still runs");
        }
    }

    private List<String> ids() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var dirs = Files.list(root)) {
            return dirs.map(d -> d.getFileName().toString()).toList();
        }
    }

    private static boolean zombie(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private Result cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CrateCli.crateToFiles(work, all);
    }

    /** A bundle running {@code script}; /out in the container is the test's {@code out} directory. */
    private void writeBundle(String script) throws IOException {
        Spec spec = DefaultSpec.of(List.of("sh", "-c", script), CrateCli.busyboxRootfs().toString(), true);
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(new Mount("/out", "bind", out.toString(), List.of("rbind", "rw")));
        spec = new Spec(spec.ociVersion(), spec.process(), spec.root(), "lc", null, mounts, spec.linux(), java.util.Map.of());
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
    }

    private int create(String id) {
        Path pidFile = work.resolve(id + ".pid");
        Result result = cli("create", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), id);
        assertEquals(0, result.exit(), result.err());
        try {
            int pid = Integer.parseInt(Files.readString(pidFile).trim());
            inits.add(pid);
            return pid;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode state(String id) throws IOException {
        Result result = cli("state", id);
        assertEquals(0, result.exit(), result.err());
        return JSON.readTree(result.out());
    }

    private void awaitStatus(String id, String status) throws Exception {
        for (int i = 0; i < 500 && !state(id).get("status").asText().equals(status); i++) {
            Thread.sleep(10);
        }
        assertEquals(status, state(id).get("status").asText());
    }

    @Test
    void createWaitsStartRunsKillStopsDeleteRemoves() throws Exception {
        writeBundle("echo started > /out/marker; exec sleep 100");
        int pid = create("lc1");
        JsonNode created = state("lc1");
        assertEquals("created", created.get("status").asText());
        assertEquals(pid, created.get("pid").asInt());
        assertEquals("lc1", created.get("id").asText());
        assertEquals(bundle.toString(), created.get("bundle").asText());
        assertTrue(created.get("ociVersion").asText().startsWith("1."));
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")), Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")));
        Thread.sleep(200);
        assertFalse(Files.exists(out.resolve("marker")), "the process ran before start");

        assertEquals(0, cli("start", "lc1").exit());
        awaitStatus("lc1", "running");
        for (int i = 0; i < 500 && !Files.exists(out.resolve("marker")); i++) {
            Thread.sleep(10);
        }
        assertEquals("started\n", Files.readString(out.resolve("marker")));

        assertEquals(0, cli("kill", "lc1", "KILL").exit());
        awaitStatus("lc1", "stopped");
        assertEquals(0, state("lc1").get("pid").asInt());
        assertEquals(0, cli("delete", "lc1").exit());
        Result gone = cli("state", "lc1");
        assertNotEquals(0, gone.exit());
        assertEquals("crate: container lc1 does not exist\n", gone.err());
    }

    @Test
    void wrongStatesAreRefusedWithClearErrors() throws Exception {
        writeBundle("exec sleep 100");
        create("lc2");
        assertEquals(0, cli("start", "lc2").exit());
        Result again = cli("start", "lc2");
        assertNotEquals(0, again.exit());
        assertEquals("crate: cannot start container lc2: it is running already, not created\n", again.err());
        Result delete = cli("delete", "lc2");
        assertNotEquals(0, delete.exit());
        assertTrue(delete.err().contains("it is running"), delete.err());
        assertEquals(0, cli("delete", "--force", "lc2").exit());
        for (String command : List.of("start", "state", "kill", "delete")) {
            Result missing = cli(command, "nosuch");
            assertNotEquals(0, missing.exit(), command);
            assertEquals("crate: container nosuch does not exist\n", missing.err(), command);
        }
    }

    @Test
    void duplicateAndInvalidIdsAreRefused() throws Exception {
        writeBundle("exec sleep 100");
        create("lc3");
        Result duplicate = cli("create", "--bundle", bundle.toString(), "lc3");
        assertNotEquals(0, duplicate.exit());
        assertEquals("crate: container lc3 already exists\n", duplicate.err());
        assertEquals("created", state("lc3").get("status").asText(), "the first container was harmed");
        for (String id : List.of("a/b", "..", "x".repeat(1025), "with space")) {
            Result bad = cli("create", "--bundle", bundle.toString(), id);
            assertNotEquals(0, bad.exit(), id);
            assertTrue(bad.err().startsWith("crate: invalid container ID"), bad.err());
        }
    }

    /** Created, the container's process is the start gate in a sealed memfd: no JVM waits for start. */
    @Test
    void aCreatedContainerWaitsInTheStartGateNotInAJvm() throws Exception {
        writeBundle("echo started > /out/marker");
        int pid = create("lc-gate");
        Path exe = Path.of("/proc/" + pid + "/exe");
        assertEquals("/memfd:crate-start-gate (deleted)", Files.readSymbolicLink(exe).toString());
        long rssKib = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow();
        assertTrue(rssKib < 1024, "the created container's process holds " + rssKib + " KiB (init's JVM: ~57 MiB)");
        // CVE-2019-5736: what the container's PID 1 runs cannot be written through /proc/PID/exe.
        assertThrows(IOException.class, () -> Files.write(exe, new byte[] {0}, java.nio.file.StandardOpenOption.WRITE));
        assertEquals(0, cli("start", "lc-gate").exit());
        awaitStatus("lc-gate", "stopped");
        assertEquals("started\n", Files.readString(out.resolve("marker")));
    }

    @Test
    void sigtermEndsACreatedContainer() throws Exception {
        writeBundle("echo ran > /out/marker");
        create("lc-term");
        assertEquals(0, cli("kill", "lc-term", "TERM").exit());
        awaitStatus("lc-term", "stopped");
        assertFalse(Files.exists(out.resolve("marker")), "the process ran");
    }

    @Test
    void startFailsWhenTheExecutableIsGoneSinceCreate() throws Exception {
        Files.copy(CrateCli.busyboxRootfs().resolve("bin/busybox"), out.resolve("prog"));
        Spec spec = DefaultSpec.of(List.of("/out/prog", "true"), CrateCli.busyboxRootfs().toString(), true);
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(new Mount("/out", "bind", out.toString(), List.of("rbind", "rw")));
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec.withMounts(mounts)));
        create("lc-gone");
        Files.delete(out.resolve("prog"));
        Result start = cli("start", "lc-gone");
        assertNotEquals(0, start.exit());
        assertEquals("crate: cannot start container lc-gone: its init failed before it executed the process (its stderr "
                + "says why)\n", start.err());
        awaitStatus("lc-gone", "stopped");
    }

    @Test
    void deletingACreatedContainerEndsItsInit() throws Exception {
        writeBundle("echo ran > /out/marker");
        int pid = create("lc4");
        assertEquals(0, cli("delete", "lc4").exit());
        assertTrue(!Files.exists(Path.of("/proc/" + pid)) || zombie(pid), "init survived delete");
        assertFalse(Files.exists(out.resolve("marker")));
    }

    @Test
    void killTakesNamesAndNumbersAndAll() throws Exception {
        writeBundle("trap 'echo usr1 >> /out/signals' USR1; trap 'echo hup >> /out/signals' HUP;"
                + " sleep 100 & sleep 100 & echo ready > /out/ready; while true; do sleep 0.05; done");
        create("lc5");
        assertEquals(0, cli("start", "lc5").exit());
        for (int i = 0; i < 500 && !Files.exists(out.resolve("ready")); i++) {
            Thread.sleep(10);
        }
        for (String signal : List.of("USR1", "SIGUSR1", "10", "sighup")) {
            assertEquals(0, cli("kill", "lc5", signal).exit(), signal);
        }
        for (int i = 0; i < 500 && lines(out.resolve("signals")) < 4; i++) {
            Thread.sleep(10);
        }
        assertEquals("usr1\nusr1\nusr1\nhup\n", Files.readString(out.resolve("signals")));
        Result unknown = cli("kill", "lc5", "NOSUCH");
        assertNotEquals(0, unknown.exit());
        assertEquals("crate: unknown signal \"NOSUCH\"\n", unknown.err());
        assertEquals(0, cli("kill", "--all", "lc5", "KILL").exit());
        awaitStatus("lc5", "stopped");
    }

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Test
    void aFailedCreateLeavesNoStateAndNoProcess() throws Exception {
        writeBundle("true");
        Spec spec = SpecJson.read(bundle.resolve("config.json"));
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec.withProcess(spec.process().withArgs(List.of("/no/such")))));
        Result missingCommand = cli("create", "--bundle", bundle.toString(), "lc6");
        assertEquals(127, missingCommand.exit());
        assertEquals(List.of(), ids());
        Files.writeString(bundle.resolve("config.json"), "{not json");
        Result malformed = cli("create", "--bundle", bundle.toString(), "lc6");
        assertEquals(125, malformed.exit());
        assertEquals(List.of(), ids());
    }

    @Test
    void listShowsEveryContainerAsTableJsonOrIds() throws Exception {
        writeBundle("exec sleep 100");
        create("lc7a");
        create("lc7b");
        assertEquals(0, cli("start", "lc7b").exit());
        assertEquals("lc7a\nlc7b\n", cli("list", "-q").out());
        String table = cli("list").out();
        assertTrue(table.startsWith("ID "), table);
        assertTrue(table.contains("lc7a") && table.contains("created") && table.contains("running"), table);
        JsonNode json = JSON.readTree(cli("list", "--format", "json").out());
        assertEquals(2, json.size());
        assertEquals("created", json.get(0).get("status").asText());
        assertEquals("running", json.get(1).get("status").asText());
    }

    @Test
    void detachedRunStartsAndReturns() throws Exception {
        Result run = cli("run", "-d", "-r", CrateCli.busyboxRootfs().toString(), "--name", "lc8", "sleep", "100");
        assertEquals(0, run.exit(), run.err());
        assertEquals("lc8\n", run.out());
        assertEquals("running", state("lc8").get("status").asText());
        inits.add(state("lc8").get("pid").asInt());
    }

    @Test
    void execJoinsEveryNamespaceOfTheContainer() throws Exception {
        writeBundle("exec sleep 100");
        int pid = create("lc9");
        assertEquals(0, cli("start", "lc9").exit());
        StringBuilder script = new StringBuilder();
        List<String> types = List.of("pid", "mnt", "net", "uts", "ipc", "cgroup");
        for (String type : types) {
            script.append("readlink /proc/self/ns/").append(type).append(";");
        }
        Result exec = cli("exec", "lc9", "sh", "-c", script + "hostname; cat /out/../proc/1/cmdline | tr '\\0' ' '");
        assertEquals(0, exec.exit(), exec.err());
        String[] lines = exec.out().split("\n", 0);
        for (int i = 0; i < types.size(); i++) {
            assertEquals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + types.get(i))).toString(), lines[i], types.get(i));
        }
        assertEquals("lc", lines[types.size()]);
        assertEquals("sleep 100 ", lines[types.size() + 1]);
    }

    @Test
    void execTakesEnvCwdUserAndReturnsTheStatus() throws Exception {
        writeBundle("exec sleep 100");
        create("lc10");
        assertEquals(0, cli("start", "lc10").exit());
        Result flags = cli("exec", "--env", "GREETING=hi", "--cwd", "/tmp", "--user", "65534:65534", "lc10",
                "sh", "-c", "echo $GREETING; pwd; id -u; id -g; exit 7");
        assertEquals(7, flags.exit(), flags.err());
        assertEquals("hi\n/tmp\n65534\n65534\n", flags.out());
        Files.writeString(work.resolve("process.json"),
                """
                {"args": ["sh", "-c", "echo $A; pwd"], "env": ["A=from-file"], "cwd": "/dev", "user": {"uid": 0, "gid": 0}}
                """);
        Result file = cli("exec", "--process", work.resolve("process.json").toString(), "lc10");
        assertEquals(0, file.exit(), file.err());
        assertEquals("from-file\n/dev\n", file.out());
        Result missing = cli("exec", "lc10", "no-such-command");
        assertEquals(127, missing.exit());
        assertTrue(missing.err().contains("executable file not found"), missing.err());
    }

    @Test
    void execDetachedWritesThePidAndPsListsIt() throws Exception {
        writeBundle("exec sleep 100");
        int init = create("lc11");
        assertEquals(0, cli("start", "lc11").exit());
        Path pidFile = work.resolve("exec.pid");
        Result detached = cli("exec", "--detach", "--pid-file", pidFile.toString(), "lc11", "sleep", "50");
        assertEquals(0, detached.exit(), detached.err());
        int execPid = Integer.parseInt(Files.readString(pidFile).trim());
        JsonNode pids = JSON.readTree(cli("ps", "--format", "json", "lc11").out());
        List<Integer> listed = new ArrayList<>();
        pids.forEach(p -> listed.add(p.asInt()));
        assertEquals(init, listed.getFirst());
        assertTrue(listed.contains(execPid), listed + " lacks " + execPid);
        String table = cli("ps", "lc11").out();
        assertTrue(table.lines().findFirst().orElse("").contains("PID"), table);
        assertTrue(table.contains("sleep 50"), table);
        assertEquals(0, cli("delete", "--force", "lc11").exit());
        assertTrue(!Files.exists(Path.of("/proc/" + execPid)) || zombie(execPid), "the exec'd process outlived delete");
    }

    @Test
    void execInAStoppedContainerIsRefused() throws Exception {
        writeBundle("true");
        create("lc12");
        assertEquals(0, cli("start", "lc12").exit());
        awaitStatus("lc12", "stopped");
        Result exec = cli("exec", "lc12", "true");
        assertNotEquals(0, exec.exit());
        assertEquals("crate: cannot exec in container lc12: it is stopped\n", exec.err());
        Result kill = cli("kill", "lc12", "TERM");
        assertNotEquals(0, kill.exit());
        assertTrue(kill.err().contains("container not running"), "containerd's shim needs runc's words: " + kill.err());
    }

    @Test
    void errorsGoToTheLogFileAsRuncsJsonLines() throws Exception {
        Path log = work.resolve("log.json");
        Result missing = cli("--log", log.toString(), "--log-format", "json", "state", "nosuch");
        assertNotEquals(0, missing.exit());
        Result badArgs = cli("--log", log.toString(), "--log-format", "json", "pause");
        assertNotEquals(0, badArgs.exit());
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), lines.toString());
        JsonNode first = JSON.readTree(lines.getFirst());
        assertEquals("error", first.get("level").asText());
        assertEquals("container nosuch does not exist", first.get("msg").asText());
        assertTrue(first.get("time").asText().endsWith("Z"), lines.getFirst());
        assertTrue(JSON.readTree(lines.get(1)).get("msg").asText().contains("ID"), lines.get(1));
    }

    @Test
    void stopTermsThenKillsAfterTheGracePeriod() throws Exception {
        writeBundle("trap 'echo term >> /out/stop; exit 0' TERM; while true; do sleep 0.05; done");
        create("lc14");
        assertEquals(0, cli("start", "lc14").exit());
        Thread.sleep(300);
        assertEquals(0, cli("stop", "--time", "5", "lc14").exit());
        assertEquals("stopped", state("lc14").get("status").asText());
        assertEquals("term\n", Files.readString(out.resolve("stop")), "SIGTERM was not the first word");

        writeBundle("exec sleep 100"); // PID 1 without a handler ignores SIGTERM: only SIGKILL ends it
        create("lc15");
        assertEquals(0, cli("start", "lc15").exit());
        long started = System.nanoTime();
        assertEquals(0, cli("stop", "-t", "1", "lc15").exit());
        assertTrue(System.nanoTime() - started >= 1_000_000_000L, "stop did not wait out the grace period");
        assertEquals("stopped", state("lc15").get("status").asText());
        assertEquals(0, cli("stop", "lc15").exit(), "stopping a stopped container is no error");
    }

    /** Hooks through the lifecycle: prestart at create, poststart at start, poststop at delete. */
    @Test
    void hooksRunAtTheirStepsOfTheLifecycle() throws Exception {
        writeBundle("exec sleep 100");
        Path record = work.resolve("record.sh");
        Files.writeString(record, "#!/bin/sh\ncat > " + out + "/$1\n");
        Files.setPosixFilePermissions(record, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        java.util.function.Function<String, List<crate.api.spec.Hook>> hook =
                name -> List.of(new crate.api.spec.Hook(record.toString(), List.of("record.sh", name), List.of(), 10));
        Spec spec = SpecJson.read(bundle.resolve("config.json"));
        spec = spec.withHooks(new crate.api.spec.Hooks(hook.apply("prestart"), List.of(), List.of(), List.of(),
                hook.apply("poststart"), hook.apply("poststop")));
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));

        int pid = create("lc13");
        assertEquals("creating", JSON.readTree(Files.readString(out.resolve("prestart"))).get("status").asText());
        assertEquals(pid, JSON.readTree(Files.readString(out.resolve("prestart"))).get("pid").asInt());
        assertFalse(Files.exists(out.resolve("poststart")));
        assertEquals(0, cli("start", "lc13").exit());
        assertEquals("running", JSON.readTree(Files.readString(out.resolve("poststart"))).get("status").asText());
        assertFalse(Files.exists(out.resolve("poststop")));
        assertEquals(0, cli("delete", "--force", "lc13").exit());
        assertEquals("stopped", JSON.readTree(Files.readString(out.resolve("poststop"))).get("status").asText());
    }

    /** Many containers at once, and racing commands on one: no corruption, no leak. */
    @Test
    void concurrentCommandsAreSafe() throws Exception {
        writeBundle("exec sleep 100");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Result>> cycles = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = "par" + i;
                cycles.add(pool.submit(() -> {
                    Result created = cli("create", "--bundle", bundle.toString(), id);
                    if (created.exit() != 0) {
                        return created;
                    }
                    Result started = cli("start", id);
                    return started.exit() != 0 ? started : cli("delete", "--force", id);
                }));
            }
            for (Future<Result> cycle : cycles) {
                Result result = cycle.get();
                assertEquals(0, result.exit(), result.err());
            }
            assertEquals(List.of(), ids());

            create("race");
            List<Future<Result>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(pool.submit(() -> cli("start", "race")));
            }
            int succeeded = 0;
            for (Future<Result> start : starts) {
                succeeded += start.get().exit() == 0 ? 1 : 0;
            }
            assertEquals(1, succeeded, "exactly one start may win");
            List<Future<Result>> deletes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                deletes.add(pool.submit(() -> cli("delete", "--force", "race")));
            }
            int deleted = 0;
            for (Future<Result> delete : deletes) {
                Result result = delete.get();
                deleted += result.exit() == 0 ? 1 : 0;
                assertTrue(result.exit() == 0 || result.err().contains("does not exist"), result.err());
            }
            assertTrue(deleted >= 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
