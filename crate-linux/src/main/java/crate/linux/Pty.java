package crate.linux;

import com.sun.jna.LastErrorException;

/**
 * Pseudo-terminals: open a master on a ptmx, unlock it, find and open its slave, make it a
 * controlling terminal, and get or set a terminal's window size. The ioctl numbers are the
 * asm-generic ones, the same on x86_64 and aarch64.
 */
public final class Pty {
    /** The ptmx of the calling process's /dev (in a container: /dev/pts/ptmx of its devpts). */
    public static final String PTMX = "/dev/ptmx";

    static final long TIOCSPTLCK = 0x40045431L;
    static final long TIOCGPTN = 0x80045430L;
    static final long TIOCSCTTY = 0x540EL;
    static final long TIOCGWINSZ = 0x5413L;
    static final long TIOCSWINSZ = 0x5414L;

    private Pty() {}

    /** Opens a new master on {@code ptmx} (O_RDWR | O_NOCTTY | O_CLOEXEC) and unlocks its slave. */
    public static int openMaster(String ptmx) throws ErrnoException {
        int master = Syscalls.open(ptmx, Syscalls.O_RDWR | Syscalls.O_NOCTTY | Syscalls.O_CLOEXEC);
        try {
            LibC.ioctl(master, TIOCSPTLCK, new int[] {0});
            return master;
        } catch (LastErrorException e) {
            Syscalls.closeQuietly(master);
            throw new ErrnoException("ioctl(" + ptmx + ", TIOCSPTLCK)", e.getErrorCode());
        }
    }

    /** The number N of the master's slave, /dev/pts/N in the devpts the ptmx belongs to. */
    public static int number(int master) throws ErrnoException {
        int[] n = new int[1];
        try {
            LibC.ioctl(master, TIOCGPTN, n);
        } catch (LastErrorException e) {
            throw new ErrnoException("ioctl(fd " + master + ", TIOCGPTN)", e.getErrorCode());
        }
        return n[0];
    }

    /** Opens the slave /dev/pts/N of {@code master} (O_RDWR | O_NOCTTY | O_CLOEXEC). */
    public static int openSlave(int master) throws ErrnoException {
        return Syscalls.open(slavePath(master), Syscalls.O_RDWR | Syscalls.O_NOCTTY | Syscalls.O_CLOEXEC);
    }

    public static String slavePath(int master) throws ErrnoException {
        return "/dev/pts/" + number(master);
    }

    /** Makes the terminal {@code fd} the controlling terminal of the caller, a session leader without one. */
    public static void setControllingTerminal(int fd) throws ErrnoException {
        try {
            LibC.ioctl(fd, TIOCSCTTY, 0L);
        } catch (LastErrorException e) {
            throw new ErrnoException("ioctl(fd " + fd + ", TIOCSCTTY)", e.getErrorCode());
        }
    }

    public static WindowSize windowSize(int fd) throws ErrnoException {
        short[] winsize = new short[4];
        try {
            LibC.ioctl(fd, TIOCGWINSZ, winsize);
        } catch (LastErrorException e) {
            throw new ErrnoException("ioctl(fd " + fd + ", TIOCGWINSZ)", e.getErrorCode());
        }
        return new WindowSize(Short.toUnsignedInt(winsize[0]), Short.toUnsignedInt(winsize[1]));
    }

    /** Sets the size; the kernel sends SIGWINCH to the terminal's foreground process group when it changes. */
    public static void setWindowSize(int fd, WindowSize size) throws ErrnoException {
        short[] winsize = {(short) size.rows(), (short) size.columns(), 0, 0};
        try {
            LibC.ioctl(fd, TIOCSWINSZ, winsize);
        } catch (LastErrorException e) {
            throw new ErrnoException("ioctl(fd " + fd + ", TIOCSWINSZ " + size.rows() + "x" + size.columns() + ")",
                    e.getErrorCode());
        }
    }

    /** isatty(3). */
    public static boolean isTerminal(int fd) {
        return LibC.isatty(fd) == 1;
    }
}
