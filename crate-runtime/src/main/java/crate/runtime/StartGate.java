package crate.runtime;

import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.Syscalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a created container's process is while it waits for {@code crate start}: a program
 * of 346 bytes (src/main/asm/start-gate-x86_64.s) instead of the init JVM, which would hold
 * ~57 MiB resident for as long as the container stays created (runc's init: ~9 MiB).
 * Init, once the container is set up (mounts, credentials, capabilities, seccomp), executes
 * the gate from a sealed memfd; the gate opens the exec FIFO, writes the start byte and
 * executes the container's process, speaking {@link InitProtocol}'s FIFO part as init does.
 * The thread's credentials, capabilities, no_new_privs, seccomp filter, signal mask and
 * namespaces carry over both execs as they would one.
 *
 * <p>Why a memfd: the gate is a file of the host that a process of the container could
 * reach through /proc/1/exe (the CVE-2019-5736 class). A memfd sealed against writes and
 * resizing cannot be changed by anyone, as runc does with its own binary.
 *
 * <p>The gate is executed through /proc/self/fd with execve, and itself uses only
 * rt_sigaction, openat, write, close, execve and exit_group: syscalls that a seccomp profile
 * which lets the container's process start at all allows (execveat may be denied).
 *
 * <p>Only where the gate's code exists (x86-64) and the kernel lets it run: elsewhere, or if
 * memfd_create or the execve fails (an old kernel, vm.memfd_noexec=2, a container that
 * has no /proc/self/fd), init waits for start itself, as before.
 */
final class StartGate {
    /** The .text of start-gate-x86_64.s (StartGateTest assembles it again and compares). */
    static final String X86_64_CODE = "4883ec20488d05120100004889042448c744240800000004488944241048c744"
            + "241800000000bb01000000b80ef400000fa3d8731489df4889e631d241ba0800"
            + "0000b80d0000000f05ffc383fb1072db4883c42048c7c79cffffff488b742410"
            + "ba01000800b8010100000f054885c00f889c0000004989c4488d35ab000000ba"
            + "010000004c89e7b8010000000f05488b74241831ff0fb60685c0740c6bff0a8d"
            + "7c07d048ffc6ebedb8030000000f05488b0c24488b7c2420488d742428488d54"
            + "cc10b83b0000000f054989c5488d3558000000ba010000004c89e7b801000000"
            + "0f05488d3543000000ba2e000000bf02000000b8010000000f05bf7e00000049"
            + "83fdfe7505bf7f000000b8e70000000f05bf01000000b8e70000000f0581c780"
            + "000000b8e70000000f05304663726174653a2063616e6e6f7420657865637574"
            + "652074686520636f6e7461696e657227732070726f636573730a";
    /** argv[0] of the gate, and the memfd's name (/proc/PID/exe reads /memfd:crate-start-gate). */
    static final String NAME = "crate-start-gate";
    private static final int ELF_HEADER = 64;
    private static final int PROGRAM_HEADER = 56;
    private static final long LOAD_ADDRESS = 0x400000;

    private StartGate() {}

    /** The gate as an ELF executable for this machine, if crate has it for this architecture. */
    static Optional<byte[]> program() {
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return Optional.empty();
        }
        return Optional.of(elf(HexFormat.of().parseHex(X86_64_CODE), (short) 62 /* EM_X86_64 */));
    }

    /**
     * A static ELF64 executable with one read+execute segment: the headers, then the code,
     * which is its entry point. No sections, no interpreter, no libraries.
     */
    static byte[] elf(byte[] code, short machine) {
        int codeOffset = ELF_HEADER + PROGRAM_HEADER;
        ByteBuffer out = ByteBuffer.allocate(codeOffset + code.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* little-endian */, 1 /* version */, 0 /* SysV */});
        out.put(new byte[8]); // padding of e_ident
        out.putShort((short) 2); // e_type: ET_EXEC
        out.putShort(machine);
        out.putInt(1); // e_version
        out.putLong(LOAD_ADDRESS + codeOffset); // e_entry
        out.putLong(ELF_HEADER); // e_phoff
        out.putLong(0); // e_shoff: no section headers
        out.putInt(0); // e_flags
        out.putShort((short) ELF_HEADER);
        out.putShort((short) PROGRAM_HEADER);
        out.putShort((short) 1); // e_phnum
        out.putShort((short) 0).putShort((short) 0).putShort((short) 0); // no sections
        out.putInt(1); // p_type: PT_LOAD
        out.putInt(5); // p_flags: read + execute
        out.putLong(0); // p_offset: the whole file, headers included
        out.putLong(LOAD_ADDRESS); // p_vaddr
        out.putLong(LOAD_ADDRESS); // p_paddr
        out.putLong(out.capacity()); // p_filesz
        out.putLong(out.capacity()); // p_memsz
        out.putLong(0x1000); // p_align
        out.put(code);
        return out.array();
    }

    /**
     * The gate in a memfd sealed against every change, close-on-exec; empty where there is
     * no gate or the kernel refuses the memfd.
     */
    static Optional<Integer> load() {
        Optional<byte[]> program = program();
        if (program.isEmpty()) {
            return Optional.empty();
        }
        int fd = -1;
        try {
            fd = Syscalls.memfdCreate(NAME, Syscalls.MFD_CLOEXEC | Syscalls.MFD_ALLOW_SEALING);
            Fds.writeAll(fd, program.get());
            Syscalls.addSeals(fd, Syscalls.F_SEAL_WRITE | Syscalls.F_SEAL_SHRINK | Syscalls.F_SEAL_GROW
                    | Syscalls.F_SEAL_SEAL);
            return Optional.of(fd);
        } catch (ErrnoException e) {
            Syscalls.closeQuietly(fd);
            return Optional.empty();
        }
    }

    /** The gate's command line: it opens the FIFO through {@code fifoFd}, then executes {@code executable}. */
    static List<String> argv(int fifoFd, String executable, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(NAME, "/proc/self/fd/" + fifoFd, Integer.toString(fifoFd), executable));
        argv.addAll(args);
        return argv;
    }

    /**
     * Executes the gate ({@link #load}'s fd; close-on-exec, which an ELF file may be).
     * {@code fifoFd} must stay open across exec. Returns only by throwing, when the kernel
     * refused to run it: the caller then waits itself.
     */
    static void exec(int gate, int fifoFd, String executable, List<String> args, List<String> env) throws ErrnoException {
        Syscalls.execve("/proc/self/fd/" + gate, argv(fifoFd, executable, args), env);
    }
}
