package crate.seccomp.compiler;

import crate.api.CrateException;
import crate.api.spec.LinuxSeccomp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles a runtime-spec {@code linux.seccomp} into a classic BPF program for seccomp(2),
 * in pure Java (no libseccomp). The program:
 *
 * <ol>
 *   <li>loads seccomp_data.arch and jumps to the section of that architecture; an
 *       architecture the profile does not list (crate always adds the host's, as libseccomp)
 *       kills the process. On x86_64, numbers with __X32_SYSCALL_BIT go to the x32 section
 *       if x32 is listed, else they kill the process too;
 *   <li>in a section, a number above the highest in crate's table for that architecture
 *       returns ENOSYS (unless the default action allows), as runc does, so that a libc
 *       newer than the profile falls back to older calls instead of failing with EPERM;
 *   <li>finds the number's rules by a binary search over the numbers that have rules, then
 *       tries them in the profile's order: the first rule whose conditions all hold decides.
 *       A number without a rule, or whose rules' conditions all fail, gets the default action.
 * </ol>
 *
 * <p>Arguments are 64 bits, compared as two 32-bit words (high word first; on the 32-bit
 * x86 ABI the low word only, as the kernel zero-extends its arguments). As runc: a rule whose
 * conditions name the same argument twice is split into one rule per condition (any of
 * them may hold), otherwise all its conditions must hold; a rule whose action is the default
 * action is dropped; names that an architecture does not have are skipped there.
 */
public final class FilterCompiler {
    /** seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]. */
    static final int OFFSET_NR = 0;
    static final int OFFSET_ARCH = 4;
    static final int OFFSET_ARGS = 16;
    static final int MAX_ARGS = 6;

    /** What a process of an architecture that the filter does not accept gets. */
    public static final int BAD_ARCH_ACTION = Action.KILL_PROCESS;

    /** libseccomp's architecture names that crate knows but has no table for (skipped). */
    private static final Set<String> OTHER_ARCHES = Set.of(
            "SCMP_ARCH_ARM", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
            "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE",
            "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",
            "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB");

    /** One rule as the filter tests it: all conditions must hold. */
    private record Entry(int action, List<LinuxSeccomp.Arg> conditions) {}

    /** An entry and the names it applies to. */
    private record Named(List<String> names, Entry entry) {}

    private FilterCompiler() {}

    /** The flags runc passes on (linux.seccomp.flags), as seccomp(2) bits. */
    static int flags(List<String> names) throws CrateException {
        int flags = 0;
        for (String name : names) {
            flags |= switch (name) {
                case "SECCOMP_FILTER_FLAG_LOG" -> crate.linux.Seccomp.FLAG_LOG;
                case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> crate.linux.Seccomp.FLAG_SPEC_ALLOW;
                case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" -> crate.linux.Seccomp.FLAG_WAIT_KILLABLE_RECV;
                // The filter is installed on the one thread that execve's the container's
                // process, which starts with that thread alone: there is nothing to sync.
                case "SECCOMP_FILTER_FLAG_TSYNC" -> 0;
                default -> throw new CrateException("linux.seccomp.flags: unknown flag " + name
                        + " (expected SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, "
                        + "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV or SECCOMP_FILTER_FLAG_TSYNC)");
            };
        }
        return flags;
    }

    /** Compiles {@code seccomp} for a process running on {@code host}. */
    public static Filter compile(LinuxSeccomp seccomp, Arch host) throws CrateException {
        int defaultAction = Action.of(seccomp.defaultAction(), seccomp.defaultErrnoRet(), "linux.seccomp.defaultAction");
        if (defaultAction == Action.USER_NOTIF) {
            throw new CrateException("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action "
                    + "(the runtime's own calls before execve would wait for the listener)");
        }
        Set<Arch> arches = architectures(seccomp.architectures(), host);
        int flags = flags(seccomp.flags());
        List<Named> rules = new ArrayList<>(); // in the profile's order
        boolean notifies = false;
        for (int i = 0; i < seccomp.syscalls().size(); i++) {
            LinuxSeccomp.Syscall rule = seccomp.syscalls().get(i);
            String where = "linux.seccomp.syscalls[" + i + "]";
            if (rule.names().isEmpty()) {
                throw new CrateException(where + ".names is empty");
            }
            int action = Action.of(rule.action(), rule.errnoRet(), where + ".action");
            notifies |= action == Action.USER_NOTIF;
            checkArgs(rule.args(), where);
            if (action == defaultAction) {
                continue;
            }
            for (List<LinuxSeccomp.Arg> conditions : split(rule.args())) {
                rules.add(new Named(rule.names(), new Entry(action, conditions)));
            }
        }
        if (notifies && (seccomp.listenerPath() == null || seccomp.listenerPath().isEmpty())) {
            throw new CrateException("linux.seccomp: SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath");
        }
        Set<String> known = new HashSet<>();
        Set<String> named = new LinkedHashSet<>();
        Map<Arch, Map<Integer, List<Entry>>> perArch = new LinkedHashMap<>();
        for (Arch arch : arches) {
            SyscallTable table = SyscallTable.of(arch);
            Map<Integer, List<Entry>> byNumber = new TreeMap<>();
            for (Named rule : rules) {
                for (String name : rule.names()) {
                    named.add(name);
                    OptionalInt number = table.number(name);
                    if (number.isPresent()) {
                        known.add(name);
                        byNumber.computeIfAbsent(number.getAsInt(), n -> new ArrayList<>()).add(rule.entry());
                    }
                }
            }
            perArch.put(arch, byNumber);
        }
        named.removeAll(known);
        boolean enosys = defaultAction != Action.ALLOW && defaultAction != Action.LOG;
        List<Insn> program = generate(perArch, defaultAction, enosys);
        // The kernel refuses WAIT_KILLABLE_RECV without a listener: it only concerns SCMP_ACT_NOTIFY.
        flags = notifies ? flags | crate.linux.Seccomp.FLAG_NEW_LISTENER : flags & ~crate.linux.Seccomp.FLAG_WAIT_KILLABLE_RECV;
        return new Filter(program, flags, notifies,
                List.copyOf(named));
    }

    private static Set<Arch> architectures(List<String> names, Arch host) throws CrateException {
        Set<Arch> arches = new LinkedHashSet<>();
        arches.add(host);
        for (String name : names) {
            var arch = Arch.fromSpecName(name);
            if (arch.isPresent()) {
                arches.add(arch.get());
            } else if (!OTHER_ARCHES.contains(name)) {
                throw new CrateException("linux.seccomp.architectures: unknown architecture " + name);
            }
            // An architecture crate has no table for stays out of the filter: its processes are killed.
        }
        return arches;
    }

    private static void checkArgs(List<LinuxSeccomp.Arg> args, String where) throws CrateException {
        for (int j = 0; j < args.size(); j++) {
            LinuxSeccomp.Arg arg = args.get(j);
            if (arg.index() < 0 || arg.index() >= MAX_ARGS) {
                throw new CrateException(where + ".args[" + j + "].index " + arg.index() + " is not 0 to 5");
            }
            if (arg.op() == null || !List.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE",
                    "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ").contains(arg.op())) {
                throw new CrateException(where + ".args[" + j + "].op: unknown operator " + arg.op()
                        + " (expected SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT or _MASKED_EQ)");
            }
        }
    }

    /** runc's rule: conditions on distinct arguments all hold; several on one argument are alternatives. */
    private static List<List<LinuxSeccomp.Arg>> split(List<LinuxSeccomp.Arg> args) {
        Set<Integer> indexes = new HashSet<>();
        boolean repeated = false;
        for (LinuxSeccomp.Arg arg : args) {
            repeated |= !indexes.add(arg.index());
        }
        if (!repeated) {
            return List.of(args);
        }
        return args.stream().map(List::of).toList();
    }

    private static List<Insn> generate(Map<Arch, Map<Integer, List<Entry>>> perArch, int defaultAction, boolean enosys)
            throws CrateException {
        Assembler asm = new Assembler();
        Assembler.Label badArch = asm.label();
        Map<Integer, Assembler.Label> auditSections = new LinkedHashMap<>();
        for (Arch arch : perArch.keySet()) {
            auditSections.computeIfAbsent(arch.auditArch(), a -> asm.label());
        }
        asm.load(OFFSET_ARCH);
        for (var section : auditSections.entrySet()) {
            Assembler.Label next = asm.label();
            asm.jump(Insn.JEQ_K, section.getKey(), null, next);
            asm.ja(section.getValue());
            asm.bind(next);
        }
        asm.ret(BAD_ARCH_ACTION);
        for (var section : auditSections.entrySet()) {
            asm.bind(section.getValue());
            asm.load(OFFSET_NR);
            if (section.getKey() == Arch.X86_64.auditArch()) {
                // x86_64 and x32 share AUDIT_ARCH_X86_64: the number's x32 bit tells them apart.
                Assembler.Label x32 = perArch.containsKey(Arch.X32) ? asm.label() : badArch;
                Assembler.Label below = asm.label();
                asm.jump(Insn.JGE_K, Arch.X32_SYSCALL_BIT, null, below);
                asm.ja(x32);
                asm.bind(below);
                if (perArch.containsKey(Arch.X86_64)) {
                    section(asm, Arch.X86_64, perArch.get(Arch.X86_64), defaultAction, enosys);
                } else {
                    asm.ret(BAD_ARCH_ACTION);
                }
                if (x32 != badArch) {
                    asm.bind(x32);
                    section(asm, Arch.X32, perArch.get(Arch.X32), defaultAction, enosys);
                }
            } else {
                Arch arch = perArch.keySet().stream().filter(a -> a.auditArch() == section.getKey()).findFirst().orElseThrow();
                section(asm, arch, perArch.get(arch), defaultAction, enosys);
            }
        }
        asm.bind(badArch);
        asm.ret(BAD_ARCH_ACTION);
        return asm.assemble();
    }

    /** One architecture's part, with the syscall number in A. */
    private static void section(Assembler asm, Arch arch, Map<Integer, List<Entry>> rules, int defaultAction,
            boolean enosys) {
        if (enosys) {
            Assembler.Label known = asm.label();
            asm.jump(Insn.JGT_K, SyscallTable.of(arch).highest(), null, known);
            asm.ret(Action.ERRNO | Action.ENOSYS);
            asm.bind(known);
        }
        List<Integer> numbers = rules.keySet().stream().sorted().toList();
        Map<Integer, Assembler.Label> blocks = new LinkedHashMap<>();
        tree(asm, numbers, 0, numbers.size(), rules, blocks, defaultAction);
        boolean wide = arch != Arch.X86;
        for (var block : blocks.entrySet()) {
            asm.bind(block.getValue());
            rules(asm, rules.get(block.getKey()), defaultAction, wide);
        }
    }

    private static final int LEAF = 4;

    /** A binary search over numbers[from, to): runs of at most LEAF numbers are tested one by one. */
    private static void tree(Assembler asm, List<Integer> numbers, int from, int to, Map<Integer, List<Entry>> rules,
            Map<Integer, Assembler.Label> blocks, int defaultAction) {
        if (to - from <= LEAF) {
            for (int i = from; i < to; i++) {
                int number = numbers.get(i);
                List<Entry> entries = rules.get(number);
                Assembler.Label next = asm.label();
                asm.jump(Insn.JEQ_K, number, null, next);
                if (entries.getFirst().conditions().isEmpty()) {
                    asm.ret(entries.getFirst().action()); // the first rule always holds: no block needed
                } else {
                    Assembler.Label block = asm.label();
                    blocks.put(number, block);
                    asm.ja(block);
                }
                asm.bind(next);
            }
            asm.ret(defaultAction);
            return;
        }
        int middle = (from + to) >>> 1;
        Assembler.Label upper = asm.label();
        Assembler.Label lower = asm.label();
        asm.jump(Insn.JGE_K, numbers.get(middle), null, lower);
        asm.ja(upper);
        asm.bind(lower);
        tree(asm, numbers, from, middle, rules, blocks, defaultAction);
        asm.bind(upper);
        tree(asm, numbers, middle, to, rules, blocks, defaultAction);
    }

    /** The rules of one number in order; the first whose conditions hold returns its action. */
    private static void rules(Assembler asm, List<Entry> entries, int defaultAction, boolean wide) {
        for (Entry entry : entries) {
            if (entry.conditions().isEmpty()) {
                asm.ret(entry.action());
                return; // later rules cannot be reached
            }
            Assembler.Label fail = asm.label();
            for (LinuxSeccomp.Arg condition : entry.conditions()) {
                condition(asm, condition, fail, wide);
            }
            asm.ret(entry.action());
            asm.bind(fail);
        }
        asm.ret(defaultAction);
    }

    /** Falls through when the condition holds, jumps to {@code fail} when it does not. */
    private static void condition(Assembler asm, LinuxSeccomp.Arg arg, Assembler.Label fail, boolean wide) {
        Assembler.Label pass = asm.label();
        int low = OFFSET_ARGS + 8 * arg.index();
        Word word = new Word(asm, low, wide);
        switch (arg.op()) {
            case "SCMP_CMP_EQ" -> word.equal(arg.value(), pass, fail);
            case "SCMP_CMP_NE" -> word.equal(arg.value(), fail, pass);
            case "SCMP_CMP_GT" -> word.above(arg.value(), Insn.JGT_K, pass, fail);
            case "SCMP_CMP_GE" -> word.above(arg.value(), Insn.JGE_K, pass, fail);
            case "SCMP_CMP_LE" -> word.above(arg.value(), Insn.JGT_K, fail, pass);
            case "SCMP_CMP_LT" -> word.above(arg.value(), Insn.JGE_K, fail, pass);
            case "SCMP_CMP_MASKED_EQ" -> word.maskedEqual(arg.value(), arg.valueTwo(), pass, fail);
            default -> throw new IllegalStateException("unchecked operator " + arg.op());
        }
        asm.bind(pass);
    }

    /** A 64-bit argument at {@code low} (its low word; the high word follows, little-endian). */
    private record Word(Assembler asm, int low, boolean wide) {
        private static int hi(long value) {
            return (int) (value >>> 32);
        }

        /** arg == value. */
        void equal(long value, Assembler.Label yes, Assembler.Label no) {
            if (wide) {
                asm.load(low + 4);
                asm.jump(Insn.JEQ_K, hi(value), null, no);
            }
            asm.load(low);
            asm.jump(Insn.JEQ_K, (int) value, yes, no);
        }

        /** arg > value ({@code lowOp} JGT) or arg >= value (JGE), unsigned. */
        void above(long value, int lowOp, Assembler.Label yes, Assembler.Label no) {
            if (wide) {
                asm.load(low + 4);
                asm.jump(Insn.JGT_K, hi(value), yes, null);
                asm.jump(Insn.JEQ_K, hi(value), null, no);
            }
            asm.load(low);
            asm.jump(lowOp, (int) value, yes, no);
        }

        /** (arg & mask) == value. */
        void maskedEqual(long mask, long value, Assembler.Label yes, Assembler.Label no) {
            if (wide) {
                asm.load(low + 4);
                asm.and(hi(mask));
                asm.jump(Insn.JEQ_K, hi(value), null, no);
            }
            asm.load(low);
            asm.and((int) mask);
            asm.jump(Insn.JEQ_K, (int) value, yes, no);
        }
    }
}
