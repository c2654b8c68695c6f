package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Calls libc's strerror(3) through JNA: read-only, no privileges needed. */
class ErrnoTest {

    @Test
    void describesKnownErrno() {
        assertEquals("No such file or directory (ENOENT)", Errno.describe(Errno.ENOENT));
        assertEquals("Operation not permitted (EPERM)", Errno.describe(Errno.EPERM));
    }

    @Test
    void describesUnnamedErrnoByNumber() {
        String text = Errno.describe(9999);
        assertTrue(text.endsWith(" (errno 9999)"), text);
    }

    @Test
    void errnoExceptionNamesTheCall() {
        ErrnoException e = new ErrnoException("open(/nowhere)", Errno.ENOENT);
        assertEquals("open(/nowhere): No such file or directory (ENOENT)", e.getMessage());
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(125, e.exitStatus());
    }
}
