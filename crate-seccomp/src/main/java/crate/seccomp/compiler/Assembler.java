package crate.seccomp.compiler;

import crate.api.CrateException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a classic BPF program with forward labels. Conditional jumps reach at most 255
 * instructions ahead (their offsets are 8 bits), so the compiler only aims them at nearby
 * code and crosses long distances with BPF_JA, whose offset is 32 bits; {@link #assemble}
 * checks both.
 */
final class Assembler {
    /** BPF_MAXINSNS: the kernel refuses longer classic programs. */
    static final int MAX_INSNS = 4096;

    /** A position in the program, bound once. */
    static final class Label {
        private int at = -1;
    }

    private record Pending(int code, Label jt, Label jf, int k, Label target) {}

    private final List<Pending> code = new ArrayList<>();

    Label label() {
        return new Label();
    }

    void bind(Label label) {
        if (label.at >= 0) {
            throw new IllegalStateException("label bound twice");
        }
        label.at = code.size();
    }

    void load(int offset) {
        code.add(new Pending(Insn.LD_W_ABS, null, null, offset, null));
    }

    void and(int mask) {
        code.add(new Pending(Insn.AND_K, null, null, mask, null));
    }

    void ret(int value) {
        code.add(new Pending(Insn.RET_K, null, null, value, null));
    }

    void ja(Label target) {
        code.add(new Pending(Insn.JA, null, null, 0, target));
    }

    /** A conditional jump; a null label means the next instruction. */
    void jump(int op, int k, Label ifTrue, Label ifFalse) {
        code.add(new Pending(op, ifTrue, ifFalse, k, null));
    }

    int size() {
        return code.size();
    }

    List<Insn> assemble() throws CrateException {
        if (code.size() > MAX_INSNS) {
            throw new CrateException("seccomp: the filter needs " + code.size() + " BPF instructions, more than the kernel's "
                    + MAX_INSNS);
        }
        List<Insn> out = new ArrayList<>(code.size());
        for (int i = 0; i < code.size(); i++) {
            Pending p = code.get(i);
            if (p.target != null) {
                out.add(new Insn(p.code, 0, 0, offset(i, p.target, Integer.MAX_VALUE)));
            } else if (p.code == Insn.JEQ_K || p.code == Insn.JGT_K || p.code == Insn.JGE_K) {
                out.add(new Insn(p.code, offset(i, p.jt, 255), offset(i, p.jf, 255), p.k));
            } else {
                out.add(new Insn(p.code, 0, 0, p.k));
            }
        }
        return List.copyOf(out);
    }

    private static int offset(int from, Label to, int max) throws CrateException {
        if (to == null) {
            return 0;
        }
        if (to.at < 0) {
            throw new IllegalStateException("label never bound");
        }
        int offset = to.at - from - 1;
        if (offset < 0 || offset > max) {
            throw new CrateException("seccomp: a BPF jump of " + offset + " instructions does not fit (at most " + max + ")");
        }
        return offset;
    }
}
