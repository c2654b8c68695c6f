package crate.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;

/**
 * The two bpf(2) commands crate needs: load a program and attach it to a cgroup (the cgroup v2
 * device controller is an eBPF program of type BPF_PROG_TYPE_CGROUP_DEVICE).
 */
public final class Bpf {
    public static final int PROG_TYPE_CGROUP_DEVICE = 15;
    public static final int ATTACH_CGROUP_DEVICE = 6;
    /** Several programs on one cgroup, and programs below it, as systemd and runc attach them. */
    public static final int F_ALLOW_MULTI = 2;

    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    /** union bpf_attr is larger, but the kernel only wants the tail it does not know zeroed. */
    private static final int ATTR_SIZE = 128;
    private static final int LOG_SIZE = 64 * 1024;

    private Bpf() {}

    /**
     * Loads a program (struct bpf_insn array, host byte order) and returns its fd. A program
     * the verifier refuses fails with the verifier's log in the message.
     */
    public static int progLoad(int progType, byte[] instructions, String license) throws ErrnoException {
        Memory insns = new Memory(instructions.length);
        insns.write(0, instructions, 0, instructions.length);
        byte[] licenseBytes = (license + "\0").getBytes(StandardCharsets.US_ASCII);
        Memory licenseText = new Memory(licenseBytes.length);
        licenseText.write(0, licenseBytes, 0, licenseBytes.length);
        Memory log = new Memory(LOG_SIZE);
        log.clear();
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, progType);
        attr.setInt(4, instructions.length / 8);
        attr.setLong(8, Pointer.nativeValue(insns));
        attr.setLong(16, Pointer.nativeValue(licenseText));
        attr.setInt(24, 1);
        attr.setInt(28, LOG_SIZE);
        attr.setLong(32, Pointer.nativeValue(log));
        try {
            return (int) LibC.syscall(SyscallNumbers.BPF, BPF_PROG_LOAD, attr, ATTR_SIZE);
        } catch (LastErrorException e) {
            String verifier = log.getString(0, StandardCharsets.US_ASCII.name()).strip();
            throw new ErrnoException("bpf(BPF_PROG_LOAD, type " + progType + ", " + instructions.length / 8
                    + " instructions" + (verifier.isEmpty() ? "" : ", verifier: " + verifier) + ")",
                    e.getErrorCode());
        } finally {
            // The kernel reads these through raw addresses in attr: keep them alive until it has.
            Reference.reachabilityFence(insns);
            Reference.reachabilityFence(licenseText);
        }
    }

    /** Attaches program {@code progFd} to the cgroup open as {@code cgroupFd}. */
    public static void progAttach(int cgroupFd, int progFd, int attachType, int flags) throws ErrnoException {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, cgroupFd);
        attr.setInt(4, progFd);
        attr.setInt(8, attachType);
        attr.setInt(12, flags);
        try {
            LibC.syscall(SyscallNumbers.BPF, BPF_PROG_ATTACH, attr, ATTR_SIZE);
        } catch (LastErrorException e) {
            throw new ErrnoException("bpf(BPF_PROG_ATTACH, attach type " + attachType + ")", e.getErrorCode());
        }
    }
}
