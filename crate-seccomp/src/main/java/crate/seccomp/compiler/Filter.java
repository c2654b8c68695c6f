package crate.seccomp.compiler;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A compiled seccomp filter.
 *
 * @param program the classic BPF instructions
 * @param flags SECCOMP_FILTER_FLAG_* bits for seccomp(2) (crate.linux.Seccomp)
 * @param notifies whether some rule returns SECCOMP_RET_USER_NOTIF (needs a listener)
 * @param unknownNames the rules' names that none of the filter's architectures has (ignored, as runc)
 */
public record Filter(List<Insn> program, int flags, boolean notifies, List<String> unknownNames) {
    public Filter {
        program = List.copyOf(program);
        unknownNames = List.copyOf(unknownNames);
    }

    /** struct sock_filter[] in host byte order (x86_64 and aarch64 are little-endian). */
    public byte[] bytes() {
        ByteBuffer buffer = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.nativeOrder());
        for (Insn insn : program) {
            buffer.putShort((short) insn.code()).put((byte) insn.jt()).put((byte) insn.jf()).putInt(insn.k());
        }
        return buffer.array();
    }
}
