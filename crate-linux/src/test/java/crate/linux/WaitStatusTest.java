package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaitStatusTest {

    @Test
    void exitedWithZero() {
        WaitStatus status = new WaitStatus(0);
        assertTrue(status.exited());
        assertFalse(status.signaled());
        assertEquals(0, status.exitCode());
        assertEquals(0, status.shellStatus());
    }

    @Test
    void exitedWithThree() {
        WaitStatus status = new WaitStatus(0x0300);
        assertTrue(status.exited());
        assertFalse(status.signaled());
        assertEquals(3, status.exitCode());
        assertEquals(3, status.shellStatus());
    }

    @Test
    void exitedWith255() {
        WaitStatus status = new WaitStatus(0xff00);
        assertTrue(status.exited());
        assertEquals(255, status.exitCode());
        assertEquals(255, status.shellStatus());
    }

    @Test
    void killedBySigkill() {
        WaitStatus status = new WaitStatus(9);
        assertFalse(status.exited());
        assertTrue(status.signaled());
        assertEquals(9, status.signal());
        assertEquals(137, status.shellStatus());
    }

    @Test
    void killedBySigsegvWithCoreDump() {
        // 0x80 is the core-dump bit: the signal is still 11.
        WaitStatus status = new WaitStatus(0x80 | 11);
        assertFalse(status.exited());
        assertTrue(status.signaled());
        assertEquals(11, status.signal());
        assertEquals(139, status.shellStatus());
    }

    @Test
    void stoppedIsNeitherExitedNorSignaled() {
        // WIFSTOPPED: low byte 0x7f, stop signal (SIGSTOP, 19) in the next byte.
        WaitStatus status = new WaitStatus((19 << 8) | 0x7f);
        assertFalse(status.exited());
        assertFalse(status.signaled());
    }
}
