package crate.linux;

import com.sun.jna.LastErrorException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Extended attributes of a path itself (never of a symlink's target), in any namespace:
 * Java's {@code UserDefinedFileAttributeView} reaches only {@code user.*}, and overlayfs
 * marks an opaque directory with {@code trusted.overlay.opaque}.
 */
public final class Xattrs {
    /** No such attribute (ENODATA). */
    private static final int ENODATA = 61;
    /** The value does not fit the buffer (ERANGE). */
    private static final int ERANGE = 34;
    /** The file system keeps no extended attributes (EOPNOTSUPP). */
    private static final int EOPNOTSUPP = 95;
    private static final int MAX_VALUE = 64 * 1024;

    private Xattrs() {}

    /** The value of attribute {@code name} of {@code path}; empty if it has none (or the file system keeps none). */
    public static Optional<byte[]> get(String path, String name) throws ErrnoException {
        byte[] buffer = new byte[256];
        while (true) {
            try {
                long size = LibC.lgetxattr(path, name, buffer, buffer.length);
                return Optional.of(Arrays.copyOf(buffer, (int) size));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ENODATA || e.getErrorCode() == EOPNOTSUPP) {
                    return Optional.empty();
                }
                if (e.getErrorCode() != ERANGE || buffer.length >= MAX_VALUE) {
                    throw new ErrnoException("lgetxattr(" + path + ", " + name + ")", e.getErrorCode());
                }
                buffer = new byte[buffer.length * 16];
            }
        }
    }

    /** Sets attribute {@code name} of {@code path} (not of a symlink's target) to {@code value}. */
    public static void set(String path, String name, byte[] value) throws ErrnoException {
        try {
            LibC.lsetxattr(path, name, value, value.length, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("lsetxattr(" + path + ", " + name + ")", e.getErrorCode());
        }
    }
}
