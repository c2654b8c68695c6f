package crate.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Real pipes (pipe2(2)): nothing outside this process is touched. */
class FdsTest {

    @Test
    void readFullyStopsAtEndOfFile() throws Exception {
        int[] pipe = Fds.pipe();
        try {
            Fds.writeAll(pipe[1], "hello".getBytes(StandardCharsets.UTF_8));
            Syscalls.closeQuietly(pipe[1]);
            byte[] buf = new byte[16];
            assertEquals(5, Fds.readFully(pipe[0], buf));
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), Arrays.copyOf(buf, 5));
            assertEquals(0, Fds.readFully(pipe[0], buf));
        } finally {
            Syscalls.closeQuietly(pipe[0]);
            Syscalls.closeQuietly(pipe[1]);
        }
    }

    @Test
    void readFullyFillsTheBufferAcrossWrites() throws Exception {
        int[] pipe = Fds.pipe();
        try {
            Fds.writeAll(pipe[1], new byte[] {1, 2});
            Fds.writeAll(pipe[1], new byte[] {3, 4, 5});
            byte[] buf = new byte[4];
            assertEquals(4, Fds.readFully(pipe[0], buf));
            assertArrayEquals(new byte[] {1, 2, 3, 4}, buf);
        } finally {
            Syscalls.closeQuietly(pipe[0]);
            Syscalls.closeQuietly(pipe[1]);
        }
    }

    @Test
    void readOfAClosedFdNamesIt() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Fds.readFully(-5, new byte[1]));
        assertEquals(9 /* EBADF */, e.errno());
        assertTrue(e.getMessage().startsWith("read(fd -5): "), e.getMessage());
    }
}
