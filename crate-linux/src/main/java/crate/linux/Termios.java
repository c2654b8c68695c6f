package crate.linux;

import com.sun.jna.LastErrorException;
import java.util.Arrays;

/**
 * A terminal's modes (struct termios, opaque here: glibc's is 60 bytes), to switch a
 * terminal to raw mode and back with tcgetattr(3), cfmakeraw(3) and tcsetattr(3).
 */
public final class Termios {
    static final int BYTES = 64;
    private static final int TCSANOW = 0;

    private final byte[] bytes;

    private Termios(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The modes of the terminal open as {@code fd}; ENOTTY if it is not a terminal. */
    public static Termios of(int fd) throws ErrnoException {
        byte[] bytes = new byte[BYTES];
        try {
            LibC.tcgetattr(fd, bytes);
        } catch (LastErrorException e) {
            throw new ErrnoException("tcgetattr(fd " + fd + ")", e.getErrorCode());
        }
        return new Termios(bytes);
    }

    /** These modes made raw (cfmakeraw: no echo, no line editing, no signals, no output processing). */
    public Termios raw() {
        byte[] copy = bytes.clone();
        LibC.cfmakeraw(copy);
        return new Termios(copy);
    }

    /** Applies these modes to the terminal {@code fd} at once (TCSANOW). */
    public void applyTo(int fd) throws ErrnoException {
        try {
            LibC.tcsetattr(fd, TCSANOW, bytes.clone());
        } catch (LastErrorException e) {
            throw new ErrnoException("tcsetattr(fd " + fd + ")", e.getErrorCode());
        }
    }

    /** c_lflag (offset 12, after c_iflag, c_oflag and c_cflag): ECHO is 0x8, ICANON 0x2, ISIG 0x1. */
    public int localFlags() {
        return (bytes[12] & 0xff) | (bytes[13] & 0xff) << 8 | (bytes[14] & 0xff) << 16 | (bytes[15] & 0xff) << 24;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Termios that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Termios[lflag=0x" + Integer.toHexString(localFlags()) + "]";
    }
}
