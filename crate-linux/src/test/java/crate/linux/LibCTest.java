package crate.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.LastErrorException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What {@link LibC}'s calls through JNA's Function rely on, with harmless calls: errno turned
 * into {@link LastErrorException} only for the functions that report through it, arrays
 * passed in and copied back, integers of both widths, strings both ways.
 */
class LibCTest {

    @Test
    void anErrnoFunctionThrowsTheErrnoOfAFailedCall() {
        LastErrorException e = assertThrows(LastErrorException.class,
                () -> LibC.open("/nonexistent/crate-libc-test", Syscalls.O_RDONLY, 0));
        assertEquals(Errno.ENOENT, e.getErrorCode());
        assertEquals(9 /* EBADF */, assertThrows(LastErrorException.class, () -> LibC.close(-1)).getErrorCode());
    }

    @Test
    void aPlainFunctionIgnoresErrno() {
        assertEquals(0, LibC.isatty(-1)); // sets EBADF, which only the result reports
        assertEquals(ProcessHandle.current().pid(), LibC.getpid());
    }

    @Test
    void arraysGoInAndComeBack() throws ErrnoException {
        int[] fds = Fds.pipe(); // pipe2 fills the array
        try {
            byte[] data = "through libc".getBytes(StandardCharsets.UTF_8);
            assertEquals(data.length, LibC.write(fds[1], data, data.length));
            byte[] back = new byte[data.length];
            assertEquals(data.length, LibC.read(fds[0], back, back.length));
            assertArrayEquals(data, back);
        } finally {
            Syscalls.closeQuietly(fds[0]);
            Syscalls.closeQuietly(fds[1]);
        }
    }

    @Test
    void sixtyFourBitValuesKeepTheirHighBits() throws ErrnoException {
        // RLIM_INFINITY is all ones: the limits come back through a long[] and go in again
        // unchanged (a set of the current values changes nothing).
        long[] limit = Syscalls.getrlimit(RlimitResource.CORE);
        Syscalls.setrlimit(RlimitResource.CORE, limit[0], limit[1]);
        assertArrayEquals(limit, Syscalls.getrlimit(RlimitResource.CORE));
    }

    @Test
    void stringsGoInAndComeBack() {
        assertEquals("No such file or directory", LibC.strerror(Errno.ENOENT));
        assertEquals(0, LibC.chdir(System.getProperty("user.dir")));
    }
}
