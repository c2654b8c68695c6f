package crate.linux;

import crate.api.CrateException;
import java.io.Serial;

/** A system call failed: names the call, its arguments and the errno. */
public final class ErrnoException extends CrateException {
    @Serial private static final long serialVersionUID = 1L;

    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
