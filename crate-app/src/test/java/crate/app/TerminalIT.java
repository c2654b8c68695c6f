package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static crate.app.CrateCli.crate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import crate.api.spec.ConsoleSize;
import crate.api.spec.Spec;
import crate.api.spec.User;
import crate.app.CrateCli.Result;
import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.Pty;
import crate.linux.Syscalls;
import crate.linux.Termios;
import crate.linux.UnixSocket;
import crate.linux.WindowSize;
import crate.runtime.SpecJson;
import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * process.terminal against the real kernel: the pty master sent to a console socket (runc's
 * protocol), {@code crate run -t} driven through a pty this test owns, and the errors.
 */
class TerminalIT {
    private static final long TIMEOUT_SECONDS = 60;
    /** /dev/pts/0's device number: major 136, minor 0. */
    private static final int PTS_0 = 136 << 8;

    @TempDir Path dir;
    private Path bundle;
    private HostLeaks before;

    @BeforeEach
    void setUp() throws IOException {
        CrateCli.assumeRoot();
        bundle = Files.createDirectory(dir.resolve("bundle"));
        Files.createSymbolicLink(bundle.resolve("rootfs"), busyboxRootfs());
        before = HostLeaks.snapshot();
    }

    @AfterEach
    void nothingLeftBehind() {
        HostLeaks.assertNothingLeftSince(before);
    }

    private void writeConfig(boolean terminal, ConsoleSize size, String... args) throws IOException {
        Spec spec = DefaultSpec.of(List.of(args), "rootfs", false);
        var process = spec.process().withTerminal(terminal).withConsoleSize(size)
                .withUser(new User(1000, 1000, null, List.of()));
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec.withProcess(process)));
    }

    @Test
    void theMasterGoesToTheConsoleSocketAndTheSlaveIsTheContainersTerminal() throws Exception {
        writeConfig(true, new ConsoleSize(24, 80), "sh", "-c",
                "tty; stty size; stat -c %u:%g $(tty); cut -d' ' -f6,7 /proc/self/stat; echo done");
        String socket = dir.resolve("console.sock").toString();
        int listening = UnixSocket.listen(socket, 1);
        int connection = -1;
        int master = -1;
        Process crate = CrateCli.start("run", "--bundle", bundle.toString(), "--console-socket", socket, "term-console");
        try {
            CompletableFuture<String> err = CrateCli.drain(crate.getErrorStream());
            connection = within(() -> UnixSocket.accept(listening), () -> wake(socket));
            int from = connection;
            UnixSocket.Received received = within(() -> UnixSocket.receiveFd(from, 4096).orElseThrow(), () -> {});
            master = received.fd();
            assertEquals("/dev/ptmx", received.payload(), "runc's payload: the pty's name");
            assertEquals(new WindowSize(24, 80), Pty.windowSize(master), "process.consoleSize");
            int fromMaster = master;
            String out = within(() -> readUntilHangUp(fromMaster), () -> {});
            assertTrue(crate.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, crate.exitValue(), err.join());
            // cut's session is the shell's (PID 1, the session leader); its controlling tty is /dev/pts/0.
            assertEquals("/dev/pts/0\r\n24 80\r\n1000:5\r\n1 " + PTS_0 + "\r\ndone\r\n", out);
        } finally {
            crate.destroyForcibly();
            crate.waitFor();
            Arrays.stream(new int[] {listening, connection, master}).forEach(Syscalls::closeQuietly);
        }
    }

    @Test
    void ttyFlagMakesCrateTheConsoleInRawModeWithTheWindowSize() throws Exception {
        try (TestPty pty = TestPty.open(new WindowSize(30, 100))) {
            Termios cooked = pty.slaveModes();
            Process crate = pty.startCrate("run", "-t", "-r", busyboxRootfs().toString(), "--name", "term-tty", "sh");
            try {
                pty.awaitOutput(out -> out.contains("/ # "), "the interactive shell's prompt");
                pty.write("stty size; tty; echo hi; exit 7\n");
                assertTrue(crate.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), pty.output());
                assertEquals(7, crate.exitValue(), pty.output());
                String out = pty.awaitHangUp();
                // The container's pty echoes the line; crate's own terminal, in raw mode, does not.
                assertEquals(1, count(out, "stty size; tty; echo hi; exit 7"), out);
                assertTrue(out.contains("\r\n30 100\r\n/dev/pts/0\r\nhi\r\n"), out);
                assertEquals(cooked, pty.slaveModes(), "crate's terminal is restored");
            } finally {
                crate.destroyForcibly();
                crate.waitFor();
            }
        }
    }

    @Test
    void sigwinchPassesTheNewSizeOn() throws Exception {
        try (TestPty pty = TestPty.open(new WindowSize(30, 100))) {
            Process crate = pty.startCrate("run", "-t", "-r", busyboxRootfs().toString(), "--name", "term-winch", "sh");
            try {
                pty.awaitOutput(out -> out.contains("/ # "), "the interactive shell's prompt");
                pty.resize(new WindowSize(40, 120));
                CrateCli.kill(crate.pid(), "WINCH"); // the kernel would, were it crate's controlling terminal
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!pty.output().contains("\r\n40 120\r\n") && System.nanoTime() < deadline) {
                    pty.write("stty size\n");
                    Thread.sleep(200);
                }
                assertTrue(pty.output().contains("\r\n40 120\r\n"), pty.output());
                pty.write("exit\n");
                assertTrue(crate.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), pty.output());
                assertEquals(0, crate.exitValue(), pty.output());
            } finally {
                crate.destroyForcibly();
                crate.waitFor();
            }
        }
    }

    @Test
    void aBundleWithTerminalAndNoConsoleSocketUsesCrateAsTheConsole() throws Exception {
        writeConfig(true, null, "sh", "-c", "stty size; tty");
        try (TestPty pty = TestPty.open(new WindowSize(33, 99))) {
            Termios cooked = pty.slaveModes();
            Process crate = pty.startCrate("run", "--bundle", bundle.toString(), "term-bundle");
            try {
                assertTrue(crate.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), pty.output());
                assertEquals(0, crate.exitValue(), pty.output());
                // No consoleSize in config.json: crate's own terminal size.
                assertEquals("33 99\r\n/dev/pts/0\r\n", pty.awaitHangUp());
                assertEquals(cooked, pty.slaveModes());
            } finally {
                crate.destroyForcibly();
                crate.waitFor();
            }
        }
    }

    @Test
    void aCommandThatCannotStartRestoresTheTerminalAndSaysWhy() throws Exception {
        try (TestPty pty = TestPty.open(new WindowSize(24, 80))) {
            Termios cooked = pty.slaveModes();
            Process crate = pty.startCrate("run", "-t", "-r", busyboxRootfs().toString(), "--name", "term-missing", "nosuchcmd");
            try {
                assertTrue(crate.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), pty.output());
                assertEquals(127, crate.exitValue(), pty.output());
                String out = pty.awaitHangUp();
                // Printed after the restore: the terminal's ONLCR turns \n into \r\n again.
                assertTrue(out.endsWith("crate: \"nosuchcmd\": executable file not found in $PATH "
                        + "(/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)\r\n"), out);
                assertEquals(cooked, pty.slaveModes());
            } finally {
                crate.destroyForcibly();
                crate.waitFor();
            }
        }
    }

    @Test
    void outputNobodyReadsDoesNotBlockTheContainer() throws Exception {
        // stdout and stdin are pipes here (no terminal: no raw mode); the reader goes away at once.
        Process crate = CrateCli.start("run", "-t", "-r", busyboxRootfs().toString(), "--name", "term-epipe",
                "sh", "-c", "yes | head -n 200000; exit 5");
        try {
            crate.getInputStream().close();
            crate.getOutputStream().close();
            CompletableFuture<String> err = CrateCli.drain(crate.getErrorStream());
            assertTrue(crate.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the container is blocked on its pty");
            assertEquals(5, crate.exitValue(), err.join());
        } finally {
            crate.destroyForcibly();
            crate.waitFor();
        }
    }

    @Test
    void aConsoleSocketWithoutTerminalIsRefusedBeforeAnythingStarts() throws Exception {
        writeConfig(false, null, "true");
        String socket = dir.resolve("console.sock").toString();
        int listening = UnixSocket.listen(socket, 1);
        try {
            Result result = crate("run", "--bundle", bundle.toString(), "--console-socket", socket, "term-noterm");
            assertEquals(125, result.exit());
            assertEquals("crate: --console-socket " + socket
                    + " is given but process.terminal is false: there is no terminal to send\n", result.err());
            assertEquals(-1, Fds.awaitReadable(0, listening), "crate connected to the console socket");
        } finally {
            Syscalls.closeQuietly(listening);
        }
    }

    @Test
    void aConsoleSocketNobodyListensOnIsAnError() throws Exception {
        writeConfig(true, null, "true");
        String socket = dir.resolve("nobody.sock").toString();
        Result result = crate("run", "--bundle", bundle.toString(), "--console-socket", socket, "term-nosock");
        assertEquals(125, result.exit());
        assertEquals("crate: --console-socket " + socket + ": cannot connect: No such file or directory (ENOENT)\n",
                result.err());
        Result flags = crate("run", "-t", "--console-socket", socket, "-r", busyboxRootfs().toString(), "true");
        assertEquals(125, flags.exit());
        assertTrue(flags.err().contains("cannot connect"), flags.err());
    }

    @Test
    void ttyDoesNotApplyToABundle() throws Exception {
        writeConfig(true, null, "true");
        Result result = crate("run", "-t", "--bundle", bundle.toString(), "term-tty-bundle");
        assertEquals(125, result.exit());
        assertTrue(result.err().contains("(a terminal is process.terminal)"), result.err());
    }

    /** exec with a terminal: the exec'd process gets a pty of the container's devpts, sent to the socket. */
    @Test
    void execWithATerminalSendsItsMasterToTheConsoleSocket() throws Exception {
        writeConfig(false, null, "sleep", "100");
        String root = dir.resolve("state").toString();
        CrateCli.Result run = CrateCli.crateToFiles(dir, "--root", root, "run", "-d", "--bundle", bundle.toString(), "term-exec");
        assertEquals(0, run.exit(), run.err());
        String socket = dir.resolve("exec.sock").toString();
        int listening = UnixSocket.listen(socket, 1);
        int connection = -1;
        int master = -1;
        Process exec = CrateCli.start("--root", root, "exec", "--tty", "--console-socket", socket, "term-exec",
                "sh", "-c", "tty; echo done");
        try {
            CompletableFuture<String> err = CrateCli.drain(exec.getErrorStream());
            connection = within(() -> UnixSocket.accept(listening), () -> wake(socket));
            int from = connection;
            master = within(() -> UnixSocket.receiveFd(from, 4096).orElseThrow(), () -> {}).fd();
            int fromMaster = master;
            String out = within(() -> readUntilHangUp(fromMaster), () -> {});
            assertTrue(exec.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, exec.exitValue(), err.join());
            assertEquals("/dev/pts/0\r\ndone\r\n", out);
        } finally {
            exec.destroyForcibly();
            exec.waitFor();
            Arrays.stream(new int[] {listening, connection, master}).forEach(Syscalls::closeQuietly);
            CrateCli.crateToFiles(dir, "--root", root, "delete", "--force", "term-exec");
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /** Reads the master until every fd of the slave side is closed (EIO). */
    private static String readUntilHangUp(int master) throws ErrnoException {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            for (int n = Fds.read(master, buf); n > 0; n = Fds.read(master, buf)) {
                out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (ErrnoException e) {
            if (e.errno() != 5 /* EIO */) {
                throw e;
            }
        }
        return out.toString();
    }

    /** Unblocks a test's accept(2) on the socket by connecting to it. */
    private static void wake(String socket) {
        try (SocketChannel _ = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            // connected: accept returns
        } catch (IOException e) {
            // nothing is listening any more
        }
    }

    interface Call<T> {
        T call() throws Exception;
    }

    /** Runs a blocking call with the tests' timeout; on timeout, {@code unblock} frees the thread. */
    private static <T> T within(Call<T> call, Runnable unblock) throws Exception {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                future.complete(call.call());
            } catch (Exception e) {
                future.completeExceptionally(e);
            }
        });
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            unblock.run();
            return fail("timed out", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** A pty pair on the host, its slave given to crate as stdin, stdout and stderr; the test reads the master. */
    private static final class TestPty implements AutoCloseable {
        private final int master;
        private final String slave;
        private final StringBuilder output = new StringBuilder(); // guarded by itself
        private Thread reader;

        private TestPty(int master) throws ErrnoException {
            this.master = master;
            this.slave = Pty.slavePath(master);
        }

        static TestPty open(WindowSize size) throws ErrnoException {
            int master = Pty.openMaster(Pty.PTMX);
            Pty.setWindowSize(master, size);
            return new TestPty(master);
        }

        private void read() {
            byte[] buf = new byte[4096];
            try {
                for (int n = Fds.read(master, buf); n > 0; n = Fds.read(master, buf)) {
                    String text = new String(buf, 0, n, StandardCharsets.UTF_8);
                    synchronized (output) {
                        output.append(text);
                    }
                }
            } catch (ErrnoException e) {
                // EIO: no slave fd is open any more (crate ended), or the test closed the master
            }
        }

        Process startCrate(String... args) throws IOException {
            List<String> argv = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP"));
            argv.add(CrateCli.IMAGE.resolve("bin/crate").toString());
            argv.addAll(List.of(args));
            File tty = new File(slave);
            Process crate = new ProcessBuilder(argv).redirectInput(tty).redirectOutput(tty).redirectError(tty).start();
            // Only now: a master reads EIO while no slave fd is open, and crate holds them from here on.
            reader = Thread.ofPlatform().daemon().start(this::read);
            return crate;
        }

        /** The slave's modes: opened and closed again, so that crate's end is the slave's last. */
        Termios slaveModes() throws ErrnoException {
            int fd = Syscalls.open(slave, Syscalls.O_RDWR | Syscalls.O_NOCTTY | Syscalls.O_CLOEXEC);
            try {
                return Termios.of(fd);
            } finally {
                Syscalls.closeQuietly(fd);
            }
        }

        void write(String text) throws ErrnoException {
            Fds.writeAll(master, text.getBytes(StandardCharsets.UTF_8));
        }

        void resize(WindowSize size) throws ErrnoException {
            Pty.setWindowSize(master, size);
        }

        String output() {
            synchronized (output) {
                return output.toString();
            }
        }

        void awaitOutput(Predicate<String> condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!condition.test(output()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(condition.test(output()), "no " + what + " in: " + output());
        }

        /** All that crate wrote, once it closed the slave (it ended). */
        String awaitHangUp() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertTrue(!reader.isAlive(), "the slave is still open: " + output());
            return output();
        }

        @Override
        public void close() {
            if (reader == null || !reader.isAlive()) {
                Syscalls.closeQuietly(master);
            } // else leave it to the JVM's end: the reader would read a reused fd number
        }
    }
}
