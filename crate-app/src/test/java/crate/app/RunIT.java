package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static crate.app.CrateCli.crate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.spec.Spec;
import crate.app.CrateCli.Result;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code crate run} against the real kernel: what the container sees, and that the host keeps nothing. */
@ExtendWith(NoHostLeaks.class)
class RunIT {
    private String rootfs;

    @BeforeEach
    void setUp() {
        rootfs = busyboxRootfs().toString();
    }


    private Result sh(String script, String... flags) {
        String[] args = new String[flags.length + 6];
        args[0] = "run";
        args[1] = "-r";
        args[2] = rootfs;
        System.arraycopy(flags, 0, args, 3, flags.length);
        args[flags.length + 3] = "sh";
        args[flags.length + 4] = "-c";
        args[flags.length + 5] = script;
        Result result = crate(args);
        return result;
    }

    /**
     * A session keyring of its own, as runc gives ("_ses." + id); --no-new-keyring keeps crate's.
     * /proc/keys is masked by crate run's defaults, so this bundle's spec masks nothing.
     */
    @Test
    void theContainerHasItsOwnSessionKeyringUnlessToldNot(@TempDir Path bundle) throws IOException {
        Result own = keyringsIn(bundle, "run-keyring1");
        assertEquals("1\n", own.out(), own.err());
        Result kept = keyringsIn(bundle, "run-keyring2", "--no-new-keyring");
        assertEquals("0\n", kept.out(), kept.err());
    }

    /** Runs container {@code id} from {@code bundle}: it counts the keyrings named "_ses." + id. */
    private Result keyringsIn(Path bundle, String id, String... flags) throws IOException {
        Spec spec = DefaultSpec.of(List.of("sh", "-c", "grep -c _ses." + id + " /proc/keys"), rootfs, true);
        spec = spec.withLinux(spec.linux().withPaths(List.of(), spec.linux().readonlyPaths()));
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
        List<String> args = new java.util.ArrayList<>(List.of("run", "--bundle", bundle.toString()));
        args.addAll(List.of(flags));
        args.add(id);
        return crate(args.toArray(String[]::new));
    }

    @Test
    void commandIsPidOneOfItsOwnPidNamespace() {
        Result result = sh("echo $$");
        assertEquals(0, result.exit(), result.err());
        assertEquals("1\n", result.out());
    }

    @Test
    void procShowsOnlyTheContainersProcesses() {
        Result result = sh("ls /proc | grep -E '^[0-9]+$'");
        assertEquals(0, result.exit(), result.err());
        // sh, ls and grep: the host runs hundreds. (Their numbers are not small: init's JVM
        // threads took the first pids of the namespace before init executed sh.)
        List<Integer> pids = Arrays.stream(result.out().split("\n", 0)).map(Integer::parseInt).toList();
        assertTrue(pids.contains(1), result.out());
        assertTrue(pids.size() <= 3, "more processes than the container's: " + pids);
    }

    @Test
    void everyNamespaceIsNew() throws IOException {
        List<String> types = List.of("pid", "mnt", "net", "uts", "ipc", "cgroup");
        StringBuilder script = new StringBuilder();
        for (String type : types) {
            script.append("readlink /proc/1/ns/").append(type).append(";");
        }
        Result result = sh(script.toString());
        assertEquals(0, result.exit(), result.err());
        String[] inside = result.out().split("\n", 0);
        assertEquals(types.size(), inside.length, result.out());
        for (int i = 0; i < types.size(); i++) {
            String host = Files.readSymbolicLink(Path.of("/proc/self/ns/" + types.get(i))).toString();
            assertTrue(inside[i].startsWith(types.get(i) + ":["), inside[i]);
            assertNotEquals(host, inside[i], types.get(i) + " namespace is the host's");
        }
    }

    @Test
    void hostnameFromFlagAndContainerIdByDefault() {
        assertEquals("box\n", sh("hostname", "-H", "box").out());
        Result named = sh("hostname; echo $HOSTNAME", "--name", "it-named");
        assertEquals("it-named\nit-named\n", named.out(), named.err());
    }

    @Test
    void onlyStandardFdsReachTheContainer() {
        // The shell is PID 1; ls, its child, lists the shell's fds. (With ls alone, sh -c
        // would exec it as PID 1 and ls would see its own directory fd.)
        Result result = sh("ls /proc/1/fd; echo end");
        assertEquals(0, result.exit(), result.err());
        assertEquals("0\n1\n2\nend\n", result.out());
    }

    @Test
    void signalsAreNotBlockedOrIgnoredInTheContainer() {
        // Run grep as PID 1 itself: busybox sh would ignore SIGQUIT on its own.
        Result result = crate("run", "-r", rootfs, "grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status");
        assertEquals("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n", result.out(), result.err());
    }

    @Test
    void loopbackIsUpAndNothingElseExists() {
        Result result = sh("ls /sys/class/net; cat /sys/class/net/lo/operstate /sys/class/net/lo/flags");
        assertEquals(0, result.exit(), result.err());
        String[] lines = result.out().split("\n", 0);
        assertEquals("lo", lines[0]);
        assertEquals(1, Integer.decode(lines[2]) & 1, "lo is not up: " + result.out());
    }

    @Test
    void sysIsReadOnlyAndDevHoldsTheDefaultDevices() {
        Result result = sh("touch /sys/x 2>&1; ls /dev | tr '\\n' ' '; stat -c %t:%T /dev/null");
        assertTrue(result.out().contains("Read-only file system"), result.out());
        List<String> dev = Arrays.asList(result.out().split("\\s+", 0));
        for (String node : List.of("null", "zero", "full", "random", "urandom", "tty", "ptmx", "pts", "shm", "mqueue", "fd")) {
            assertTrue(dev.contains(node), node + " missing in /dev: " + result.out());
        }
        assertTrue(result.out().endsWith("1:3\n"), result.out());
    }

    @Test
    void environmentWorkdirAndUserFromFlags() {
        Result result = sh("echo $GREETING; pwd; id -u; id -g", "-e", "GREETING=hi there", "-w", "/work/dir", "-u", "nobody");
        assertEquals(0, result.exit(), result.err());
        assertEquals("hi there\n/work/dir\n65534\n65534\n", result.out());
        Result numeric = sh("id -u; id -g", "-u", "1000:2000");
        assertEquals("1000\n2000\n", numeric.out(), numeric.err());
    }

    @Test
    void stdinStdoutAndStderrPassThrough() {
        Result result = CrateCli.crateWithInput("line one\nline two\n", "run", "-r", rootfs, "sh", "-c", "cat; echo oops >&2");
        assertEquals(0, result.exit(), result.err());
        assertEquals("line one\nline two\n", result.out());
        assertEquals("oops\n", result.err());
    }

    @Test
    void hostRootUnderAThrowawayLayerWhenNoRootfsIsGiven() {
        Path probe = Path.of("/etc/crate-it-probe");
        Result result = crate("run", "sh", "-c", "echo written > " + probe + " && cat " + probe + " && test -x /usr/bin/env && echo host-root");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("written\n"), result.out());
        assertFalse(Files.exists(probe), "the container wrote to the host's root");
    }
}
