package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static crate.app.CrateCli.crate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.api.spec.Hook;
import crate.api.spec.Hooks;
import crate.api.spec.Mount;
import crate.api.spec.Rlimit;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.app.CrateCli.Result;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime-spec hooks, rlimits and oomScoreAdj of {@code crate run --bundle}, against the
 * real kernel. The hooks are shell scripts that record the state they read on stdin and the
 * namespaces they ran in; the bundle is also bind-mounted on the container's /tmp, so the
 * startContainer hook is found at a path that exists only inside the container.
 */
class HooksIT {
    private static final String ID = "hooks-it";

    @TempDir Path bundle;
    private Path out;
    private HostLeaks before;

    @BeforeEach
    void setUp() throws IOException {
        CrateCli.assumeRoot();
        Files.createSymbolicLink(bundle.resolve("rootfs"), busyboxRootfs());
        out = Files.createDirectory(bundle.resolve("out"));
        script("record.sh", """
                # record.sh NAME OUTDIR: what a hook sees
                cat > "$2/$1.state"
                readlink /proc/self/ns/mnt > "$2/$1.mnt"
                readlink /proc/self/ns/pid > "$2/$1.pidns"
                pwd -P > "$2/$1.cwd"
                echo "$1" >> "$2/order"
                """);
        before = HostLeaks.snapshot();
    }

    @AfterEach
    void nothingLeftBehind() {
        if (before != null) {
            HostLeaks.assertNothingLeftSince(before);
        }
    }

    private Path script(String name, String body) throws IOException {
        Path file = bundle.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A hook run on the host or before pivot_root, where the bundle has its host path. */
    private Hook host(String name) {
        return new Hook(bundle.resolve("record.sh").toString(), List.of("record.sh", name, out.toString()), List.of(), 10);
    }

    /** A hook run after pivot_root: the bundle is the container's /tmp. */
    private static Hook inContainer(String name) {
        return new Hook("/tmp/record.sh", List.of("record.sh", name, "/tmp/out"), List.of(), 10);
    }

    private Hook failing(String name, int status) throws IOException {
        return new Hook(script(name, "echo \"" + name + " is unhappy\" >&2\nexit " + status + "\n").toString(),
                null, null, null);
    }

    private Spec spec(String script) {
        Spec spec = DefaultSpec.of(List.of("sh", "-c", script), "rootfs", true);
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(new Mount("/tmp", null, bundle.toString(), List.of("rbind")));
        return new Spec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), null, mounts, spec.linux(),
                Map.of("org.example.hooks", "yes"));
    }

    private Result run(Spec spec) throws IOException {
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
        return crate("run", "--bundle", bundle.toString(), ID);
    }

    private State state(String hook) throws Exception {
        return SpecJson.readState(Files.readAllBytes(out.resolve(hook + ".state")), hook);
    }

    private String read(String file) throws IOException {
        return Files.readString(out.resolve(file)).strip();
    }

    private static String hostNamespace(String namespace) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + namespace)).toString();
    }

    @Test
    void allSixRunInOrderInTheirNamespacesWithTheirState() throws Exception {
        Hook prestartMounts = new Hook("/bin/sh", List.of("sh", "-c",
                "sed 's/.*\"pid\":\\([0-9]*\\).*/\\1/' > " + out + "/pid; cat /proc/$(cat " + out + "/pid)/mountinfo > "
                        + out + "/prestart.mountinfo"), List.of(), null);
        Spec spec = spec("readlink /proc/self/ns/mnt; readlink /proc/self/ns/pid").withHooks(new Hooks(
                List.of(host("prestart"), prestartMounts), List.of(host("createRuntime")), List.of(host("createContainer")),
                List.of(inContainer("startContainer")), List.of(host("poststart")), List.of(host("poststop"))));
        Result result = run(spec);
        assertEquals(0, result.exit(), result.err());
        assertEquals("", result.err());
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                Files.readAllLines(out.resolve("order")));

        String[] container = result.out().split("\n", 0);
        for (String hook : List.of("prestart", "createRuntime", "poststart", "poststop")) {
            assertEquals(hostNamespace("mnt"), read(hook + ".mnt"), hook + " did not run in the runtime's mount namespace");
            assertEquals(hostNamespace("pid"), read(hook + ".pidns"), hook);
        }
        for (String hook : List.of("createContainer", "startContainer")) {
            assertEquals(container[0], read(hook + ".mnt"), hook + " did not run in the container's mount namespace");
            assertEquals(container[1], read(hook + ".pidns"), hook + " did not run in the container's PID namespace");
        }
        assertNotEquals(hostNamespace("mnt"), container[0]);
        // Where runc starts them: the runtime's in the bundle, createContainer in the rootfs,
        // startContainer in the process's cwd.
        String bundleDir = bundle.toRealPath().toString();
        for (String hook : List.of("prestart", "createRuntime", "poststart", "poststop")) {
            assertEquals(bundleDir, read(hook + ".cwd"), hook);
        }
        assertEquals(busyboxRootfs().toRealPath().toString(), read("createContainer.cwd"));
        assertEquals("/", read("startContainer.cwd"));

        State prestart = state("prestart");
        assertEquals(new State(spec.ociVersion(), ID, State.Status.CREATING, prestart.pid(), bundle.toString(),
                Map.of("org.example.hooks", "yes")), prestart);
        assertTrue(prestart.pid() > 1, "the runtime's hooks see init's pid as the host sees it: " + prestart);
        assertEquals(prestart, state("createRuntime"));
        // Hooks in the container see the pid as the container does (runtime.md, "State").
        assertEquals(new State(spec.ociVersion(), ID, State.Status.CREATING, 1, bundle.toString(), prestart.annotations()),
                state("createContainer"));
        assertEquals(new State(spec.ociVersion(), ID, State.Status.CREATED, 1, bundle.toString(), prestart.annotations()),
                state("startContainer"));
        assertEquals(new State(spec.ociVersion(), ID, State.Status.RUNNING, prestart.pid(), bundle.toString(),
                prestart.annotations()), state("poststart"));
        assertEquals(new State(spec.ociVersion(), ID, State.Status.STOPPED, 0, bundle.toString(), prestart.annotations()),
                state("poststop"));
        assertFalse(Files.readString(out.resolve("poststop.state")).contains("\"pid\""));

        // prestart runs once init has mounted the spec's mounts (and before pivot_root).
        String mountinfo = Files.readString(out.resolve("prestart.mountinfo"));
        List<String> mountPoints = mountinfo.lines().map(line -> line.split(" ", 0)[4]).toList();
        assertTrue(mountPoints.contains(busyboxRootfs() + "/proc"), mountinfo);
        assertTrue(mountPoints.contains(busyboxRootfs() + "/dev/mqueue"), mountinfo);
        assertTrue(mountPoints.contains(busyboxRootfs() + "/tmp"), mountinfo);
    }

    @Test
    void aFailingPrestartHookFailsTheRunAndLeavesNothingBehind() throws Exception {
        Hook prestart = failing("prestart.sh", 3);
        Spec spec = spec("echo ran > /tmp/out/container").withHooks(new Hooks(List.of(host("before"), prestart),
                List.of(host("createRuntime")), List.of(host("createContainer")), null, List.of(host("poststart")),
                List.of(host("poststop"))));
        Result result = run(spec);
        assertEquals(125, result.exit());
        assertEquals("crate: prestart hook " + prestart.path() + " failed: exit status 3: prestart.sh is unhappy\n",
                result.err());
        assertEquals("", result.out());
        // The spec: stop the container, delete it, and poststop still runs.
        assertEquals(List.of("before", "poststop"), Files.readAllLines(out.resolve("order")));
        assertFalse(Files.exists(out.resolve("container")));
    }

    @Test
    void aFailingOrHangingHookInTheContainerFailsTheRun() throws Exception {
        Hook createContainer = new Hook(script("hang.sh", "echo waiting >&2; sleep 60\n").toString(), null, null, 1);
        Result hung = run(spec("echo ran > /tmp/out/container").withHooks(new Hooks(null, null, List.of(createContainer),
                List.of(inContainer("startContainer")), null, List.of(host("poststop")))));
        assertEquals(125, hung.exit());
        assertEquals("crate: createContainer hook " + createContainer.path() + " timed out after 1 s and was killed: waiting\n",
                hung.err());
        assertEquals(List.of("poststop"), Files.readAllLines(out.resolve("order")));

        Files.delete(out.resolve("order"));
        Hook startContainer = new Hook("/tmp/start.sh", null, null, null);
        script("start.sh", "echo no ldconfig here >&2\nexit 4\n");
        Result failed = run(spec("echo ran > /tmp/out/container").withHooks(new Hooks(null, null, null,
                List.of(startContainer), List.of(host("poststart")), List.of(host("poststop")))));
        assertEquals(125, failed.exit());
        assertEquals("crate: startContainer hook /tmp/start.sh failed: exit status 4: no ldconfig here\n", failed.err());
        assertEquals(List.of("poststop"), Files.readAllLines(out.resolve("order")));
        assertFalse(Files.exists(out.resolve("container")));
    }

    @Test
    void aFailingPoststartHookIsOnlyAWarning() throws Exception {
        Hook poststart = failing("poststart.sh", 1);
        Result result = run(spec("echo running; exit 7").withHooks(new Hooks(null, null, null, null,
                List.of(poststart, host("poststart")), List.of(host("poststop")))));
        assertEquals(7, result.exit(), result.err());
        assertEquals("running\n", result.out());
        assertEquals("crate: warning: poststart hook " + poststart.path() + " failed: exit status 1: poststart.sh is unhappy\n",
                result.err());
        assertEquals(List.of("poststart", "poststop"), Files.readAllLines(out.resolve("order")));
    }

    @Test
    void aFailingPoststopHookIsOnlyAWarning() throws Exception {
        Hook poststop = failing("poststop.sh", 2);
        Result result = run(spec("true").withHooks(new Hooks(null, null, null, null, null, List.of(poststop))));
        assertEquals(0, result.exit(), result.err());
        assertEquals("crate: warning: poststop hook " + poststop.path() + " failed: exit status 2: poststop.sh is unhappy\n",
                result.err());
    }

    @Test
    void aRelativeHookPathIsRefusedBeforeAnythingStarts() throws Exception {
        Result result = run(spec("true").withHooks(new Hooks(List.of(new Hook("record.sh", null, null, null)),
                null, null, null, null, List.of(host("poststop")))));
        assertEquals(125, result.exit());
        assertEquals("crate: " + bundle.resolve("config.json")
                + ": hooks.prestart[0].path must be an absolute path, not \"record.sh\"\n", result.err());
        assertFalse(Files.exists(out.resolve("order")), "no container existed: no poststop");
    }

    private static String limitsLine(String name, String limits) {
        return limits.lines().filter(line -> line.startsWith(name)).findFirst().orElseThrow()
                .substring(name.length()).trim().replaceAll("\\s+", " ");
    }

    @Test
    void rlimitsAreTheContainersOwn() throws Exception {
        Spec spec = spec("cat /proc/self/limits");
        spec = spec.withProcess(spec.process().withRlimits(List.of(Rlimit.of("RLIMIT_NOFILE", 200, 100),
                Rlimit.of("RLIMIT_NPROC", 1000, 500), Rlimit.of("RLIMIT_CORE", 0, 0))));
        Result result = run(spec);
        assertEquals(0, result.exit(), result.err());
        assertEquals("100 200 files", limitsLine("Max open files", result.out()));
        assertEquals("500 1000 processes", limitsLine("Max processes", result.out()));
        assertEquals("0 0 bytes", limitsLine("Max core file size", result.out()));
    }

    @Test
    void raisingAHardLimitWithoutCapSysResourceIsRefusedClearly() throws Exception {
        String status = Files.readString(Path.of("/proc/self/status"));
        long effective = Long.parseUnsignedLong(status.lines().filter(l -> l.startsWith("CapEff:")).findFirst()
                .orElseThrow().substring(7).trim(), 16);
        assumeFalse((effective & (1L << 24)) != 0, "crate has CAP_SYS_RESOURCE here: raising a hard limit works");
        String hard = limitsLine("Max open files", Files.readString(Path.of("/proc/self/limits"))).split(" ", 0)[1];
        assumeTrue(!hard.equals("unlimited"), "no hard limit to raise above");
        long above = Long.parseLong(hard) + 1;
        Spec spec = spec("true");
        spec = spec.withProcess(spec.process().withRlimits(List.of(Rlimit.of("RLIMIT_NOFILE", above, 1024))));
        Result result = run(spec);
        assertEquals(125, result.exit());
        assertEquals("crate: process.rlimits RLIMIT_NOFILE (soft 1024, hard " + above
                + "): Operation not permitted (EPERM): raising the hard limit above the current " + hard
                + " needs CAP_SYS_RESOURCE, which crate does not have\n", result.err());
    }

    @Test
    void anUnknownRlimitIsRefusedBeforeAnythingStarts() throws Exception {
        Spec spec = spec("true").withHooks(new Hooks(null, null, null, null, null, List.of(host("poststop"))));
        spec = spec.withProcess(spec.process().withRlimits(List.of(Rlimit.of("RLIMIT_NOFILES", 1, 1))));
        Result result = run(spec);
        assertEquals(125, result.exit());
        assertTrue(result.err().startsWith("crate: config.json: process.rlimits[0].type: unknown resource \"RLIMIT_NOFILES\""),
                result.err());
        assertFalse(Files.exists(out.resolve("order")));
    }

    @Test
    void oomScoreAdjIsTheContainersOrLeftAsItIs() throws Exception {
        Spec spec = spec("cat /proc/self/oom_score_adj");
        Result set = run(spec.withProcess(spec.process().withOomScoreAdj(123)));
        assertEquals(0, set.exit(), set.err());
        assertEquals("123\n", set.out());
        Result unset = run(spec);
        assertEquals(Files.readString(Path.of("/proc/self/oom_score_adj")), unset.out(), unset.err());
        assertEquals(125, run(spec.withProcess(spec.process().withOomScoreAdj(1001))).exit());
    }
}
