package crate.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.lang.ref.Reference;

/**
 * seccomp(2) SECCOMP_SET_MODE_FILTER: installs a classic BPF program (struct sock_filter
 * array, 8 bytes per instruction in host byte order) on the calling thread. Without
 * SECCOMP_FILTER_FLAG_TSYNC the filter is the calling thread's alone, and the execve that
 * follows keeps it.
 */
public final class Seccomp {
    /** SECCOMP_FILTER_FLAG_TSYNC: every thread of the process (crate never asks for it). */
    public static final int FLAG_TSYNC = 1;
    public static final int FLAG_LOG = 2;
    public static final int FLAG_SPEC_ALLOW = 4;
    public static final int FLAG_NEW_LISTENER = 8;
    public static final int FLAG_WAIT_KILLABLE_RECV = 32;

    private static final int SECCOMP_SET_MODE_FILTER = 1;
    /** struct sock_fprog: unsigned short len (padded to 8), struct sock_filter *filter. */
    private static final int FPROG_BYTES = 16;
    private static final int INSN_BYTES = 8;

    private Seccomp() {}

    /**
     * Installs {@code program} with {@code flags}; returns the listener fd with
     * {@link #FLAG_NEW_LISTENER}, else 0.
     */
    public static int setModeFilter(byte[] program, int flags) throws ErrnoException {
        if (program.length == 0 || program.length % INSN_BYTES != 0) {
            throw new IllegalArgumentException("a BPF program is a non-empty array of 8-byte instructions");
        }
        Memory filter = new Memory(program.length);
        filter.write(0, program, 0, program.length);
        Memory fprog = new Memory(FPROG_BYTES);
        fprog.clear();
        fprog.setShort(0, (short) (program.length / INSN_BYTES));
        fprog.setPointer(8, filter);
        try {
            return (int) LibC.syscall(SyscallNumbers.SECCOMP, SECCOMP_SET_MODE_FILTER, flags, fprog);
        } catch (LastErrorException e) {
            throw new ErrnoException("seccomp(SECCOMP_SET_MODE_FILTER, flags " + flags + ", "
                    + program.length / INSN_BYTES + " instructions)", e.getErrorCode());
        } finally {
            Reference.reachabilityFence(filter);
        }
    }
}
