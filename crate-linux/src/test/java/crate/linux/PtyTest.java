package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real pty pair on the host's /dev/ptmx: harmless, it belongs to this process and is closed after. */
class PtyTest {
    private int master = -1;
    private int slave = -1;

    @BeforeEach
    void open() throws Exception {
        master = Pty.openMaster(Pty.PTMX);
        slave = Pty.openSlave(master);
    }

    @AfterEach
    void close() {
        Syscalls.closeQuietly(slave);
        Syscalls.closeQuietly(master);
    }

    @Test
    void theSlaveIsThePtsOfTheMastersNumber() throws Exception {
        int n = Pty.number(master);
        assertTrue(n >= 0);
        assertEquals("/dev/pts/" + n, Pty.slavePath(master));
        assertEquals(Path.of("/dev/pts/" + n), Files.readSymbolicLink(Path.of("/proc/self/fd/" + slave)));
        assertTrue(Pty.isTerminal(master));
        assertTrue(Pty.isTerminal(slave));
    }

    @Test
    void bytesWrittenToTheMasterAreReadFromTheSlave() throws Exception {
        Termios.of(slave).raw().applyTo(slave); // no line discipline in the way
        Fds.writeAll(master, "ping".getBytes(StandardCharsets.UTF_8));
        byte[] buf = new byte[4];
        assertEquals(4, Fds.readFully(slave, buf));
        assertEquals("ping", new String(buf, StandardCharsets.UTF_8));
    }

    @Test
    void windowSizeSetOnTheMasterIsTheSlaves() throws Exception {
        Pty.setWindowSize(master, new WindowSize(24, 80));
        assertEquals(new WindowSize(24, 80), Pty.windowSize(slave));
        Pty.setWindowSize(slave, new WindowSize(50, 200));
        assertEquals(new WindowSize(50, 200), Pty.windowSize(master));
        Pty.setWindowSize(master, new WindowSize(65535, 1));
        assertEquals(new WindowSize(65535, 1), Pty.windowSize(master), "unsigned shorts");
    }

    @Test
    void rawModeTurnsOffEchoAndLineEditingAndRestores() throws Exception {
        Termios cooked = Termios.of(slave);
        int echoIcanonIsig = 0x8 | 0x2 | 0x1;
        assertEquals(echoIcanonIsig, cooked.localFlags() & echoIcanonIsig, "a new pty is cooked: " + cooked);
        Termios raw = cooked.raw();
        assertEquals(0, raw.localFlags() & echoIcanonIsig);
        assertEquals(echoIcanonIsig, cooked.localFlags() & echoIcanonIsig, "raw() returns a copy");
        raw.applyTo(slave);
        assertEquals(raw, Termios.of(slave));
        assertNotEquals(cooked, Termios.of(slave));
        cooked.applyTo(slave);
        assertEquals(cooked, Termios.of(slave));
    }

    @Test
    void aPipeIsNoTerminal() throws Exception {
        int[] pipe = Fds.pipe();
        try {
            assertFalse(Pty.isTerminal(pipe[0]));
            ErrnoException e = assertThrows(ErrnoException.class, () -> Termios.of(pipe[0]));
            assertEquals(Errno.ENOTTY, e.errno());
            assertThrows(ErrnoException.class, () -> Pty.windowSize(pipe[0]));
        } finally {
            Syscalls.closeQuietly(pipe[0]);
            Syscalls.closeQuietly(pipe[1]);
        }
    }

    @Test
    void aWindowSizeOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WindowSize(-1, 80));
        assertThrows(IllegalArgumentException.class, () -> new WindowSize(24, 70000));
    }
}
