package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.ConsoleSize;
import crate.api.spec.Process;
import crate.linux.Fds;
import crate.linux.Syscalls;
import crate.linux.UnixSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runc's rules for process.terminal and --console-socket, and the sockets made for init. */
class ConsoleSocketTest {
    private static final Process PLAIN = new Process(false, null, List.of("sh"), List.of(), "/", false);
    private static final Process TERMINAL = PLAIN.withTerminal(true);
    private static final Optional<Path> SOCKET = Optional.of(Path.of("/run/console.sock"));

    @TempDir Path dir;

    @Test
    void aConsoleSocketWithoutTerminalIsAnError() {
        for (boolean detached : new boolean[] {false, true}) {
            CrateException e = assertThrows(CrateException.class, () -> ConsoleSocket.check(PLAIN, SOCKET, detached));
            assertEquals(CrateException.RUNTIME_ERROR, e.exitStatus());
            assertEquals("--console-socket /run/console.sock is given but process.terminal is false: "
                    + "there is no terminal to send", e.getMessage());
        }
    }

    @Test
    void aTerminalWithoutConsoleSocketIsAnErrorOnlyWhenDetached() throws Exception {
        CrateException e = assertThrows(CrateException.class, () -> ConsoleSocket.check(TERMINAL, Optional.empty(), true));
        assertTrue(e.getMessage().startsWith("process.terminal is true but no --console-socket is given"), e.getMessage());
        ConsoleSocket.check(TERMINAL, Optional.empty(), false); // crate is the console itself
        ConsoleSocket.check(TERMINAL, SOCKET, true);
        ConsoleSocket.check(PLAIN, Optional.empty(), true);
    }

    @Test
    void aConsoleSizeBeyondAWinsizeIsAnError() throws Exception {
        CrateException e = assertThrows(CrateException.class,
                () -> ConsoleSocket.check(TERMINAL.withConsoleSize(new ConsoleSize(24, 70000)), SOCKET, true));
        assertEquals("config.json: process.consoleSize 24x70000 is out of range (0 to 65535)", e.getMessage());
        ConsoleSocket.check(PLAIN.withConsoleSize(new ConsoleSize(-1, -1)), Optional.empty(), false); // ignored without terminal
        ConsoleSocket.check(TERMINAL.withConsoleSize(new ConsoleSize(0, 0)), SOCKET, true);
    }

    @Test
    void noTerminalNoSocket() throws Exception {
        assertTrue(ConsoleSocket.open(PLAIN, Optional.empty(), false).isEmpty());
    }

    @Test
    void withoutConsoleSocketTheRuntimeKeepsTheOtherEndOfAPair() throws Exception {
        try (ConsoleSocket console = ConsoleSocket.open(TERMINAL, Optional.empty(), false).orElseThrow()) {
            assertTrue(console.receivingEnd().isPresent());
            Fds.writeAll(console.initEnd(), "x".getBytes(StandardCharsets.UTF_8));
            byte[] buf = new byte[1];
            assertEquals(1, Fds.readFully(console.receivingEnd().getAsInt(), buf));
            console.closeInitEnd();
            assertThrows(IllegalStateException.class, console::initEnd);
            assertTrue(UnixSocket.receiveFd(console.receivingEnd().getAsInt(), 8).isEmpty(), "EOF once init's end is closed");
        }
    }

    @Test
    void withAConsoleSocketInitGetsAConnectionToIt() throws Exception {
        String path = dir.resolve("console.sock").toString();
        int listening = UnixSocket.listen(path, 1);
        int accepted = -1;
        try (ConsoleSocket console = ConsoleSocket.open(TERMINAL, Optional.of(Path.of(path)), true).orElseThrow()) {
            assertFalse(console.receivingEnd().isPresent());
            accepted = UnixSocket.accept(listening);
            Fds.writeAll(console.initEnd(), "y".getBytes(StandardCharsets.UTF_8));
            byte[] buf = new byte[1];
            assertEquals(1, Fds.readFully(accepted, buf));
        } finally {
            Syscalls.closeQuietly(accepted);
            Syscalls.closeQuietly(listening);
        }
    }

    @Test
    void aSocketNobodyListensOnNamesTheOption() {
        Path path = dir.resolve("nobody.sock");
        CrateException e = assertThrows(CrateException.class, () -> ConsoleSocket.open(TERMINAL, Optional.of(path), true));
        assertEquals("--console-socket " + path + ": cannot connect: No such file or directory (ENOENT)", e.getMessage());
        CrateException tooLong = assertThrows(CrateException.class,
                () -> ConsoleSocket.connect(Path.of("/" + "x".repeat(120))));
        assertTrue(tooLong.getMessage().contains("at most 107"), tooLong.getMessage());
    }
}
