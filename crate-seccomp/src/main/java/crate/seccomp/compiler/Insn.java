package crate.seccomp.compiler;

/**
 * One classic BPF instruction (struct sock_filter), and the opcodes a seccomp filter uses.
 *
 * @param code the opcode
 * @param jt the forward offset taken when a conditional jump holds
 * @param jf the forward offset taken when it does not
 * @param k the constant operand (for BPF_JA the forward offset)
 */
public record Insn(int code, int jt, int jf, int k) {
    /** BPF_LD | BPF_W | BPF_ABS: A = 32-bit word of seccomp_data at offset k. */
    public static final int LD_W_ABS = 0x20;
    /** BPF_ALU | BPF_AND | BPF_K: A &= k. */
    public static final int AND_K = 0x54;
    /** BPF_JMP | BPF_JA: pc += k. */
    public static final int JA = 0x05;
    /** BPF_JMP | BPF_JEQ | BPF_K. */
    public static final int JEQ_K = 0x15;
    /** BPF_JMP | BPF_JGT | BPF_K (unsigned). */
    public static final int JGT_K = 0x25;
    /** BPF_JMP | BPF_JGE | BPF_K (unsigned). */
    public static final int JGE_K = 0x35;
    /** BPF_RET | BPF_K: return k. */
    public static final int RET_K = 0x06;

    @Override
    public String toString() {
        return switch (code) {
            case LD_W_ABS -> "ld [" + k + "]";
            case AND_K -> "and #0x" + Integer.toHexString(k);
            case JA -> "ja +" + Integer.toUnsignedString(k);
            case JEQ_K, JGT_K, JGE_K -> (code == JEQ_K ? "jeq" : code == JGT_K ? "jgt" : "jge") + " #0x"
                    + Integer.toHexString(k) + " +" + jt + " +" + jf;
            case RET_K -> "ret #0x" + Integer.toHexString(k);
            default -> "op 0x" + Integer.toHexString(code) + " " + jt + " " + jf + " " + k;
        };
    }
}
