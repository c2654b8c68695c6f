package crate.seccomp.compiler;

import java.util.List;

/**
 * A classic BPF interpreter for seccomp programs, written from the kernel's rules
 * (net/core/filter.c, kernel/seccomp.c): only forward jumps, every path ends in a return,
 * loads are 32-bit words of struct seccomp_data (little-endian). It refuses what the kernel
 * would refuse, so the compiler's output is checked as well as run.
 */
public final class BpfInterpreter {
    /** struct seccomp_data: the call as the filter sees it. */
    public static final class Data {
        private final int nr;
        private final int arch;
        private final long[] args;

        public Data(int nr, int arch, long... args) {
            this.nr = nr;
            this.arch = arch;
            this.args = args.clone();
        }

        int word(int offset) {
            if (offset == 0) {
                return nr;
            }
            if (offset == 4) {
                return arch;
            }
            if (offset >= 8 && offset < 16) {
                return 0; // instruction_pointer
            }
            int index = (offset - 16) / 8;
            long arg = index < args.length ? args[index] : 0;
            return (offset - 16) % 8 == 0 ? (int) arg : (int) (arg >>> 32);
        }
    }

    private BpfInterpreter() {}

    public static int run(List<Insn> program, Data data) {
        if (program.isEmpty() || program.size() > 4096) {
            throw new AssertionError("program length " + program.size());
        }
        int a = 0;
        int pc = 0;
        for (int steps = 0; steps <= program.size(); steps++) {
            if (pc < 0 || pc >= program.size()) {
                throw new AssertionError("pc " + pc + " out of the program");
            }
            Insn insn = program.get(pc);
            switch (insn.code()) {
                case Insn.LD_W_ABS -> {
                    if (insn.k() < 0 || insn.k() > 60 || insn.k() % 4 != 0) {
                        throw new AssertionError("load of seccomp_data offset " + insn.k());
                    }
                    a = data.word(insn.k());
                    pc++;
                }
                case Insn.AND_K -> {
                    a &= insn.k();
                    pc++;
                }
                case Insn.JA -> pc += 1 + insn.k();
                case Insn.JEQ_K -> pc += 1 + (a == insn.k() ? insn.jt() : insn.jf());
                case Insn.JGT_K -> pc += 1 + (Integer.compareUnsigned(a, insn.k()) > 0 ? insn.jt() : insn.jf());
                case Insn.JGE_K -> pc += 1 + (Integer.compareUnsigned(a, insn.k()) >= 0 ? insn.jt() : insn.jf());
                case Insn.RET_K -> {
                    return insn.k();
                }
                default -> throw new AssertionError("opcode 0x" + Integer.toHexString(insn.code()) + " at " + pc);
            }
            if (insn.jt() < 0 || insn.jt() > 255 || insn.jf() < 0 || insn.jf() > 255) {
                throw new AssertionError("jump offsets out of range at " + pc);
            }
        }
        throw new AssertionError("no return");
    }

    /** The kernel's static check: forward jumps inside the program, the last instruction a return. */
    public static void verify(List<Insn> program) {
        for (int pc = 0; pc < program.size(); pc++) {
            Insn insn = program.get(pc);
            long target = switch (insn.code()) {
                case Insn.JA -> pc + 1L + Integer.toUnsignedLong(insn.k());
                case Insn.JEQ_K, Insn.JGT_K, Insn.JGE_K -> pc + 1L + Math.max(insn.jt(), insn.jf());
                default -> pc;
            };
            if (target >= program.size()) {
                throw new AssertionError("jump at " + pc + " leaves the program");
            }
        }
        if (program.getLast().code() != Insn.RET_K) {
            throw new AssertionError("the program does not end in a return");
        }
    }
}
