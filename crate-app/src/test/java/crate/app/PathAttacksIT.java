package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.api.spec.Mount;
import crate.api.spec.Spec;
import crate.app.CrateCli.Result;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the paths where the container meets the host, each expected to fail; the test
 * name says which class it covers. Every attack is harmless should the defence fail: the
 * /proc/sys write is to the container's own UTS namespace, the sysrq-trigger is only opened,
 * and the escape's "host" directory is a temporary one.
 */
@ExtendWith(NoHostLeaks.class)
class PathAttacksIT {
    @TempDir Path work;

    @BeforeAll
    static void root() {
        CrateCli.assumeRoot();
    }

    @AfterEach
    void noContainerLeft() {
        Path state = work.resolve("state");
        if (Files.isDirectory(state)) {
            try (Stream<Path> left = Files.list(state)) {
                for (Path dir : left.toList()) {
                    crate("delete", "--force", dir.getFileName().toString());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private Result crate(String... args) {
        List<String> argv = new ArrayList<>(List.of("--root", work.resolve("state").toString()));
        argv.addAll(List.of(args));
        return CrateCli.crateToFiles(work, argv.toArray(String[]::new));
    }

    private Result run(String id, String script, String... flags) {
        List<String> argv = new ArrayList<>(List.of("run", "-r", CrateCli.busyboxRootfs().toString(), "--name", id));
        argv.addAll(List.of(flags));
        argv.addAll(List.of("sh", "-c", script));
        return crate(argv.toArray(String[]::new));
    }

    @Test
    void readonlyPathsRefuseWritesToProcSys() {
        // kernel.hostname is per UTS namespace: even a successful write would stay in the container.
        Result result = run("pth-sys", "echo pth-changed > /proc/sys/kernel/hostname && echo WROTE; hostname");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.err().contains("Read-only file system"), result.err());
        assertEquals("pth-sys\n", result.out());
    }

    @Test
    void readonlyPathsRefuseOpeningSysrqTrigger() {
        // This machine kind's kernel has no /proc/sysrq-trigger (nor /proc/kcore): then there is nothing to attack.
        assumeTrue(Files.exists(Path.of("/proc/sysrq-trigger")), "the host kernel has no /proc/sysrq-trigger");
        // Only opened for writing, nothing written: harmless even if the open succeeded.
        Result result = run("pth-sysrq", ": > /proc/sysrq-trigger && echo OPENED; grep -w /proc/sysrq-trigger /proc/mounts");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.err().contains("Read-only file system"), result.err());
        assertTrue(result.out().startsWith("proc /proc/sysrq-trigger proc ro,"), result.out());
    }

    @Test
    void maskedPathsReadAsEmpty() throws IOException {
        try (Stream<Path> firmware = Files.list(Path.of("/sys/firmware"))) {
            assertTrue(firmware.findAny().isPresent(), "the host's /sys/firmware is empty: nothing to mask");
        }
        Result result = run("pth-mask", "wc -c < /proc/keys; wc -c < /proc/timer_list; ls -A /sys/firmware | wc -l;"
                + " ls -A /proc/acpi | wc -l; touch /sys/firmware/x 2>/dev/null || echo no write;"
                + " { [ ! -e /proc/kcore ] || [ $(wc -c < /proc/kcore) = 0 ]; } && echo kcore empty or absent");
        assertEquals(0, result.exit(), result.err());
        assertEquals("0\n0\n0\n0\nno write\nkcore empty or absent\n", result.out());
    }

    @Test
    void readOnlyFlagMakesTheRootReadOnly() {
        Result result = run("pth-ro", "touch /etc/pth-written 2>&1; echo ok > /dev/shm/x && cat /dev/shm/x;"
                + " grep ' / ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1", "--read-only");
        assertEquals(0, result.exit(), result.err());
        assertEquals("touch: /etc/pth-written: Read-only file system\nok\nro\n", result.out());
        assertTrue(Files.notExists(CrateCli.busyboxRootfs().resolve("etc/pth-written")));
    }

    @Test
    void rootReadonlyInConfigMakesTheRootReadOnly() throws IOException {
        Path bundle = Files.createDirectories(work.resolve("bundle"));
        Spec spec = DefaultSpec.of(List.of("sh", "-c", "touch /pth-written 2>&1; grep ' / ' /proc/mounts | cut -d' ' -f4"),
                CrateCli.busyboxRootfs().toString(), true);
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
        Result result = crate("run", "--bundle", bundle.toString(), "pth-rocfg");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("touch: /pth-written: Read-only file system\nro,"), result.out());
    }

    /**
     * Escape through a symlinked mount destination: the rootfs holds etc/evil pointing at a
     * host directory (absolute) and etc/evil2 at it through "../..", and the spec mounts a
     * tmpfs at /etc/evil/x and binds a file at /etc/evil2/f. Both must land inside the rootfs
     * (where the links point when the rootfs is /), the host directory must stay empty.
     */
    @Test
    void symlinkedMountDestinationStaysInTheRootfs() throws IOException {
        Path hostDir = Files.createDirectories(work.resolve("HOSTDIR"));
        Path rootfs = copyOfBusybox();
        Files.createSymbolicLink(rootfs.resolve("etc/evil"), hostDir);
        Files.createSymbolicLink(rootfs.resolve("etc/evil2"), Path.of("../../../../../../../../.." + hostDir));
        Path secret = Files.writeString(work.resolve("bound.txt"), "bound file\n");
        Path bundle = Files.createDirectories(work.resolve("bundle"));
        String inside = hostDir.toString();
        Spec spec = DefaultSpec.of(List.of("sh", "-c", "grep -c ' " + inside + "/x tmpfs ' /proc/mounts; cat "
                + inside + "/f; cat /etc/evil2/f"), rootfs.toString(), false);
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(new Mount("/etc/evil/x", "tmpfs", "tmpfs", List.of("nosuid")));
        mounts.add(new Mount("/etc/evil2/f", null, secret.toString(), List.of("bind", "ro")));
        Files.write(bundle.resolve("config.json"), SpecJson.write(new Spec(spec.ociVersion(), spec.process(), spec.root(),
                spec.hostname(), spec.domainname(), mounts, spec.linux(), spec.annotations())));
        Result result = crate("run", "--bundle", bundle.toString(), "pth-escape");
        assertEquals(0, result.exit(), result.err());
        assertEquals("1\nbound file\nbound file\n", result.out());
        try (Stream<Path> entries = Files.list(hostDir)) {
            assertEquals(List.of(), entries.toList(), "the host directory was written");
        }
        assertTrue(Files.isDirectory(rootfs.resolve(hostDir.toString().substring(1)).resolve("x")));
        assertTrue(Files.isRegularFile(rootfs.resolve(hostDir.toString().substring(1)).resolve("f")));
    }

    /** What a shell in the container finds by guessing fds 0 to 1023 through /proc/self/fd. */
    private static final String GUESS_FDS = "for i in $(seq 0 1023); do [ -e /proc/self/fd/$i ] && echo $i"
            + " $(readlink /proc/self/fd/$i); done; true";

    /**
     * fd guessing through /proc/self/fd: the process of {@code crate run} and of {@code crate
     * exec} holds its stdio and nothing else of the runtime (no JVM file, pipe, FIFO or
     * namespace fd), whatever number it tries.
     */
    @Test
    void fdGuessingFindsOnlyStdioInRunAndExec() {
        Result run = run("pth-fds", GUESS_FDS);
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("0 /dev/null", "1", "2"), stdioOnly(run.out()));
        Result detached = crate("run", "-d", "-r", CrateCli.busyboxRootfs().toString(), "--name", "pth-fdx", "sleep", "100");
        assertEquals(0, detached.exit(), detached.err());
        Result exec = crate("exec", "pth-fdx", "sh", "-c", GUESS_FDS);
        assertEquals(0, exec.exit(), exec.err());
        assertEquals(List.of("0 /dev/null", "1", "2"), stdioOnly(exec.out()));
        // PID 1 (sleep, exec'd by init) likewise, seen from inside.
        Result init = crate("exec", "pth-fdx", "sh", "-c", "ls /proc/1/fd");
        assertEquals("0\n1\n2\n", init.out(), init.err());
    }

    /** The lines of a {@link #GUESS_FDS} output, stdout's and stderr's targets (host temp files) cut. */
    private static List<String> stdioOnly(String out) {
        return out.lines().map(line -> line.startsWith("1 ") || line.startsWith("2 ") ? line.substring(0, 1) : line)
                .toList();
    }

    /**
     * Runs inside the container as root: every process whose exe is a {@code bin/java} (the
     * init JVM of a {@code crate exec}, in the container's PID namespace for its life) is
     * attacked by opening, for writing but without writing or truncating ({@code : >>}), its
     * exe and its fds to the image's files (lib/modules, libjvm.so...). One of those files is
     * also kept open read-only as fd 7, and reopened for writing through /proc/self/fd/7
     * after the JVM is gone. Everything goes to /dev/shm/log.
     */
    private static final String WATCH_JVMS = """
            log=/dev/shm/log; : > $log
            while :; do
              for d in /proc/[0-9]*; do
                e=$(readlink $d/exe 2>/dev/null) || continue
                case "$e" in *bin/java) ;; *) continue ;; esac
                echo "seen $e" >> $log
                ( : >> $d/exe ) 2>/dev/null && echo "WROTE exe $e" >> $log
                for f in $d/fd/*; do
                  t=$(readlink $f 2>/dev/null) || continue
                  case "$t" in */lib/*|*/bin/*)
                    ( : >> $f ) 2>/dev/null && echo "WROTE fd $t" >> $log
                    [ -e /proc/self/fd/7 ] || ! ( : < $f ) 2>/dev/null || { exec 7< $f; echo "kept $t" >> $log; } ;;
                  esac
                done
                ( : >> $d/root/tmp/pth-root-probe ) 2>/dev/null && echo "WROTE root $(readlink $d/root)" >> $log
              done
              if [ -e /proc/self/fd/7 ]; then
                ( : >> /proc/self/fd/7 ) 2>/dev/null && echo "WROTE kept $(readlink /proc/self/fd/7)" >> $log
              fi
            done
            """;

    /**
     * Writing the runtime's binaries through /proc/PID/exe of an exec'ed process (the
     * CVE-2019-5736 class), with the capability defence out of the way: the container keeps
     * all capabilities (process.capabilities null), so it may ptrace the exec's init JVM.
     * Only the read-only view the init starts in stands between the container and the image.
     */
    @Test
    void execInitJvmFilesCannotBeReopenedForWriting() throws Exception {
        Path bundle = Files.createDirectories(work.resolve("bundle"));
        Spec spec = DefaultSpec.of(List.of("sh", "-c", WATCH_JVMS), CrateCli.busyboxRootfs().toString(), true);
        spec = spec.withProcess(spec.process().withCapabilities(null));
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
        Result started = crate("run", "-d", "--bundle", bundle.toString(), "pth-exe");
        assertEquals(0, started.exit(), started.err());
        String log = "";
        for (int i = 0; i < 5 && !(log.contains("seen") && log.contains("kept")); i++) {
            Result exec = crate("exec", "pth-exe", "true");
            assertEquals(0, exec.exit(), exec.err());
            log = crate("exec", "pth-exe", "cat", "/dev/shm/log").out();
        }
        Thread.sleep(500); // the loop's reopen of fd 7, now that the JVMs it saw are gone
        log = crate("exec", "pth-exe", "cat", "/dev/shm/log").out();
        assertTrue(log.contains("seen ") && log.contains("kept "), "the exec's JVM was never seen:\n" + log);
        boolean hostWritten = Files.deleteIfExists(Path.of("/tmp/pth-root-probe"));
        assertFalse(log.contains("WROTE"), log);
        assertFalse(hostWritten, "created on the host through /proc/PID/root");
    }

    /** A copy of the busybox rootfs (the shared fixture is never changed). */
    private Path copyOfBusybox() {
        Path copy = work.resolve("rootfs");
        Result copied = CrateCli.exec(List.of("cp", "-a", CrateCli.busyboxRootfs().toString(), copy.toString()), null);
        assertEquals(0, copied.exit(), copied.err());
        return copy;
    }
}
