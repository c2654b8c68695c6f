package crate.seccomp.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxSeccomp;
import crate.api.spec.LinuxSeccomp.Arg;
import crate.api.spec.LinuxSeccomp.Syscall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiled BPF, run through a small interpreter for many calls, arguments and architectures. */
class FilterCompilerTest {
    private static final int X86_64 = Arch.X86_64.auditArch();
    private static final int AARCH64 = Arch.AARCH64.auditArch();
    private static final int I386 = Arch.X86.auditArch();
    private static final int EPERM = Action.ERRNO | 1;
    private static final int ENOSYS = Action.ERRNO | 38;

    private static LinuxSeccomp profile(String defaultAction, List<String> arches, Syscall... rules) {
        return new LinuxSeccomp(defaultAction, null, arches, null, null, null, List.of(rules));
    }

    private static Syscall allow(String... names) {
        return new Syscall(List.of(names), "SCMP_ACT_ALLOW", null, null);
    }

    private static Syscall allowIf(String name, Arg... args) {
        return new Syscall(List.of(name), "SCMP_ACT_ALLOW", null, List.of(args));
    }

    private static int nr(Arch arch, String name) {
        return SyscallTable.of(arch).number(name).orElseThrow();
    }

    private static int run(Filter filter, int arch, int nr, long... args) {
        BpfInterpreter.verify(filter.program());
        return BpfInterpreter.run(filter.program(), new BpfInterpreter.Data(nr, arch, args));
    }

    @Test
    void allowListWithErrnoDefault() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of(), allow("read", "write", "exit_group")),
                Arch.X86_64);
        assertEquals(Action.ALLOW, run(filter, X86_64, 0)); // read
        assertEquals(Action.ALLOW, run(filter, X86_64, 1)); // write
        assertEquals(Action.ALLOW, run(filter, X86_64, 231)); // exit_group
        assertEquals(EPERM, run(filter, X86_64, nr(Arch.X86_64, "mount")));
        assertEquals(EPERM, run(filter, X86_64, 2)); // open
    }

    @Test
    void callsNewerThanTheTableGetEnosys() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of(), allow("read")), Arch.X86_64);
        int highest = SyscallTable.of(Arch.X86_64).highest();
        assertEquals(EPERM, run(filter, X86_64, highest));
        assertEquals(ENOSYS, run(filter, X86_64, highest + 1));
        assertEquals(ENOSYS, run(filter, X86_64, 1000));
        Filter arm = FilterCompiler.compile(profile("SCMP_ACT_KILL_PROCESS", List.of(), allow("read")), Arch.AARCH64);
        assertEquals(ENOSYS, run(arm, AARCH64, SyscallTable.of(Arch.AARCH64).highest() + 1));
        assertEquals(Action.KILL_PROCESS, run(arm, AARCH64, nr(Arch.AARCH64, "write")));
    }

    @Test
    void allowDefaultHasNoEnosysRule() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ALLOW", List.of(),
                new Syscall(List.of("reboot"), "SCMP_ACT_ERRNO", 13, null)), Arch.X86_64);
        assertEquals(Action.ALLOW, run(filter, X86_64, 1000));
        assertEquals(Action.ERRNO | 13, run(filter, X86_64, nr(Arch.X86_64, "reboot")));
        assertEquals(Action.ALLOW, run(filter, X86_64, 0));
    }

    @Test
    void foreignArchitecturesAreKilled() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86_64"), allow("read")),
                Arch.X86_64);
        assertEquals(Action.ALLOW, run(filter, X86_64, 0));
        assertEquals(FilterCompiler.BAD_ARCH_ACTION, run(filter, I386, 3)); // i386 read
        assertEquals(FilterCompiler.BAD_ARCH_ACTION, run(filter, AARCH64, 63));
        // x32 shares x86_64's AUDIT_ARCH: without SCMP_ARCH_X32, its numbers are killed too.
        assertEquals(FilterCompiler.BAD_ARCH_ACTION, run(filter, X86_64, Arch.X32_SYSCALL_BIT));
        assertEquals(Action.KILL_PROCESS, FilterCompiler.BAD_ARCH_ACTION);
    }

    @Test
    void hostArchitectureIsAlwaysIncluded() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86"), allow("read")),
                Arch.X86_64);
        assertEquals(Action.ALLOW, run(filter, X86_64, 0));
        assertEquals(Action.ALLOW, run(filter, I386, 3));
        assertEquals(EPERM, run(filter, I386, 0)); // i386's restart_syscall
    }

    @Test
    void x32NumbersUseTheX32Table() throws CrateException {
        Filter filter = FilterCompiler.compile(
                profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X32"), allow("read", "execve")), Arch.X86_64);
        assertEquals(Action.ALLOW, run(filter, X86_64, nr(Arch.X86_64, "execve")));
        assertEquals(Action.ALLOW, run(filter, X86_64, nr(Arch.X32, "read")));
        assertEquals(Action.ALLOW, run(filter, X86_64, nr(Arch.X32, "execve")));
        assertEquals(Arch.X32_SYSCALL_BIT + 520, nr(Arch.X32, "execve"));
        // x86_64's execve number with the x32 bit is x32's obsolete slot: not allowed.
        assertEquals(EPERM, run(filter, X86_64, Arch.X32_SYSCALL_BIT + 59));
        assertEquals(ENOSYS, run(filter, X86_64, SyscallTable.of(Arch.X32).highest() + 1));
    }

    @Test
    void namesAnArchitectureLacksAreSkipped() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of(), allow("open", "openat", "nosuchcall")),
                Arch.AARCH64);
        assertEquals(Action.ALLOW, run(filter, AARCH64, nr(Arch.AARCH64, "openat")));
        assertEquals(List.of("open", "nosuchcall"), filter.unknownNames());
        Filter both = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86_64"), allow("open")),
                Arch.AARCH64);
        assertEquals(List.of(), both.unknownNames());
    }

    @Test
    void everyAction() throws CrateException {
        String[][] cases = {
            {"SCMP_ACT_KILL", "0"}, {"SCMP_ACT_KILL_THREAD", "0"}, {"SCMP_ACT_KILL_PROCESS", "80000000"},
            {"SCMP_ACT_TRAP", "30000"}, {"SCMP_ACT_TRACE", "7ff00001"}, {"SCMP_ACT_LOG", "7ffc0000"},
            {"SCMP_ACT_ERRNO", "50001"},
        };
        for (String[] c : cases) {
            Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ALLOW", List.of(),
                    new Syscall(List.of("kexec_load"), c[0], null, null)), Arch.X86_64);
            assertEquals(Integer.parseUnsignedInt(c[1], 16), run(filter, X86_64, nr(Arch.X86_64, "kexec_load")), c[0]);
        }
        Filter errno = FilterCompiler.compile(profile("SCMP_ACT_ALLOW", List.of(),
                new Syscall(List.of("kexec_load"), "SCMP_ACT_TRACE", 1234, null)), Arch.X86_64);
        assertEquals(Action.TRACE | 1234, run(errno, X86_64, nr(Arch.X86_64, "kexec_load")));
        LinuxSeccomp defaultErrno = new LinuxSeccomp("SCMP_ACT_ERRNO", 95, List.of(), null, null, null, List.of());
        assertEquals(Action.ERRNO | 95, run(FilterCompiler.compile(defaultErrno, Arch.X86_64), X86_64, 0));
    }

    @Test
    void notifyNeedsAListenerAndSetsTheFlag() throws CrateException {
        LinuxSeccomp without = profile("SCMP_ACT_ALLOW", List.of(), new Syscall(List.of("mkdir"), "SCMP_ACT_NOTIFY", null, null));
        assertTrue(assertThrows(CrateException.class, () -> FilterCompiler.compile(without, Arch.X86_64)).getMessage()
                .contains("listenerPath"));
        LinuxSeccomp with = new LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of(), null, "/run/l.sock", null, without.syscalls());
        Filter filter = FilterCompiler.compile(with, Arch.X86_64);
        assertTrue(filter.notifies());
        assertEquals(crate.linux.Seccomp.FLAG_NEW_LISTENER, filter.flags());
        assertEquals(Action.USER_NOTIF, run(filter, X86_64, nr(Arch.X86_64, "mkdir")));
    }

    @Test
    void refusesWhatItCannotCompile() {
        List<LinuxSeccomp> bad = List.of(
                profile("SCMP_ACT_BOGUS", List.of()),
                profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_VAX")),
                profile("SCMP_ACT_ERRNO", List.of(), new Syscall(List.of("read"), "SCMP_ACT_NOPE", null, null)),
                profile("SCMP_ACT_ERRNO", List.of(), new Syscall(List.of(), "SCMP_ACT_ALLOW", null, null)),
                profile("SCMP_ACT_ERRNO", List.of(), allowIf("read", new Arg(6, 0, 0, "SCMP_CMP_EQ"))),
                profile("SCMP_ACT_ERRNO", List.of(), allowIf("read", new Arg(0, 0, 0, "SCMP_CMP_ABOUT"))),
                profile("SCMP_ACT_ERRNO", List.of(), new Syscall(List.of("read"), "SCMP_ACT_ALLOW", 3, null)),
                profile("SCMP_ACT_NOTIFY", List.of()),
                new LinuxSeccomp("SCMP_ACT_ERRNO", null, List.of(), List.of("SECCOMP_FILTER_FLAG_FOO"), null, null, List.of()));
        for (LinuxSeccomp seccomp : bad) {
            assertThrows(CrateException.class, () -> FilterCompiler.compile(seccomp, Arch.X86_64), seccomp.toString());
        }
    }

    @Test
    void flags() throws CrateException {
        LinuxSeccomp seccomp = new LinuxSeccomp("SCMP_ACT_ERRNO", null, List.of(),
                List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"), null, null,
                List.of());
        assertEquals(crate.linux.Seccomp.FLAG_LOG | crate.linux.Seccomp.FLAG_SPEC_ALLOW,
                FilterCompiler.compile(seccomp, Arch.X86_64).flags());
    }

    /** Values at the edges of the 32-bit words. */
    private static final long[] VALUES = {
        0, 1, 2, 40, 0x7fffffffL, 0x80000000L, 0xfffffffeL, 0xffffffffL, 0x100000000L, 0x100000001L, 0x1ffffffffL,
        0x200000000L, 0x7fffffffffffffffL, 0x8000000000000000L, -2, -1,
    };

    private static boolean holds(String op, long arg, long value, long valueTwo) {
        int cmp = Long.compareUnsigned(arg, value);
        return switch (op) {
            case "SCMP_CMP_EQ" -> cmp == 0;
            case "SCMP_CMP_NE" -> cmp != 0;
            case "SCMP_CMP_LT" -> cmp < 0;
            case "SCMP_CMP_LE" -> cmp <= 0;
            case "SCMP_CMP_GT" -> cmp > 0;
            case "SCMP_CMP_GE" -> cmp >= 0;
            case "SCMP_CMP_MASKED_EQ" -> (arg & value) == valueTwo;
            default -> throw new AssertionError(op);
        };
    }

    @Test
    void everyOperatorOnSixtyFourBitArguments() throws CrateException {
        List<String> ops = List.of("SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_GT", "SCMP_CMP_GE",
                "SCMP_CMP_MASKED_EQ");
        int checked = 0;
        for (String op : ops) {
            for (long value : VALUES) {
                long valueTwo = value & 0xff00000000ffL;
                for (int index : new int[] {0, 3, 5}) {
                    Filter filter = FilterCompiler.compile(
                            profile("SCMP_ACT_ERRNO", List.of(), allowIf("personality", new Arg(index, value, valueTwo, op))),
                            Arch.X86_64);
                    for (long arg : VALUES) {
                        for (long probe : new long[] {arg, arg & value, valueTwo | (arg & ~value)}) {
                            long[] args = new long[6];
                            args[index] = probe;
                            args[(index + 1) % 6] = ~probe; // other arguments must not matter
                            int expected = holds(op, probe, value, valueTwo) ? Action.ALLOW : EPERM;
                            assertEquals(expected, run(filter, X86_64, nr(Arch.X86_64, "personality"), args),
                                    () -> op + " " + Long.toHexString(value) + "/" + Long.toHexString(valueTwo) + " arg"
                                            + index + "=" + Long.toHexString(probe));
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 5000, "cases: " + checked);
    }

    @Test
    void thirtyTwoBitAbiComparesTheLowWord() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of("SCMP_ARCH_X86"),
                allowIf("personality", new Arg(0, 0xffffffffL, 0, "SCMP_CMP_EQ"))), Arch.X86_64);
        int personality = nr(Arch.X86, "personality");
        assertEquals(Action.ALLOW, run(filter, I386, personality, 0xffffffffL));
        assertEquals(EPERM, run(filter, I386, personality, 8));
        assertEquals(Action.ALLOW, run(filter, X86_64, nr(Arch.X86_64, "personality"), 0xffffffffL));
        assertEquals(EPERM, run(filter, X86_64, nr(Arch.X86_64, "personality"), -1L));
    }

    @Test
    void conditionsOnDistinctArgumentsAllHold() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of(),
                allowIf("kill", new Arg(0, 1, 0, "SCMP_CMP_GT"), new Arg(1, 9, 0, "SCMP_CMP_NE"))), Arch.X86_64);
        int kill = nr(Arch.X86_64, "kill");
        assertEquals(Action.ALLOW, run(filter, X86_64, kill, 5, 15));
        assertEquals(EPERM, run(filter, X86_64, kill, 5, 9));
        assertEquals(EPERM, run(filter, X86_64, kill, 1, 15));
    }

    @Test
    void conditionsOnOneArgumentAreAlternatives() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of(),
                allowIf("kill", new Arg(1, 9, 0, "SCMP_CMP_EQ"), new Arg(1, 15, 0, "SCMP_CMP_EQ"))), Arch.X86_64);
        int kill = nr(Arch.X86_64, "kill");
        assertEquals(Action.ALLOW, run(filter, X86_64, kill, 1, 9));
        assertEquals(Action.ALLOW, run(filter, X86_64, kill, 1, 15));
        assertEquals(EPERM, run(filter, X86_64, kill, 1, 2));
    }

    @Test
    void firstMatchingRuleDecidesAndDefaultActionRulesAreDropped() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ERRNO", List.of(),
                new Syscall(List.of("kill"), "SCMP_ACT_ERRNO", 3, List.of(new Arg(1, 9, 0, "SCMP_CMP_EQ"))),
                new Syscall(List.of("kill"), "SCMP_ACT_ERRNO", null, List.of(new Arg(1, 15, 0, "SCMP_CMP_EQ"))),
                allow("kill"),
                new Syscall(List.of("kill"), "SCMP_ACT_KILL", null, null)), Arch.X86_64);
        int kill = nr(Arch.X86_64, "kill");
        assertEquals(Action.ERRNO | 3, run(filter, X86_64, kill, 1, 9));
        assertEquals(Action.ALLOW, run(filter, X86_64, kill, 1, 15)); // dropped: the default's action, as runc
        assertEquals(Action.ALLOW, run(filter, X86_64, kill, 1, 2));
    }

    @Test
    void manySyscallsWithConditionsStayWithinJumpRange() throws CrateException {
        SyscallTable table = SyscallTable.of(Arch.X86_64);
        List<Syscall> rules = new ArrayList<>();
        List<String> names = table.names().stream().sorted().toList();
        for (int i = 0; i < names.size(); i++) {
            rules.add(i % 3 == 0 ? allowIf(names.get(i), new Arg(i % 6, i, 0, "SCMP_CMP_EQ")) : allow(names.get(i)));
        }
        Filter filter = FilterCompiler.compile(new LinuxSeccomp("SCMP_ACT_ERRNO", null, List.of(), null, null, null, rules),
                Arch.X86_64);
        assertTrue(filter.program().size() < 4096);
        for (int i = 0; i < names.size(); i++) {
            int number = nr(Arch.X86_64, names.get(i));
            long[] args = new long[6];
            args[i % 6] = i;
            assertEquals(Action.ALLOW, run(filter, X86_64, number, args), names.get(i));
            if (i % 3 == 0) {
                args[i % 6] = i + 1L;
                assertEquals(EPERM, run(filter, X86_64, number, args), names.get(i));
            }
        }
        assertFalse(names.isEmpty());
    }

    @Test
    void bytesAreStructSockFilter() throws CrateException {
        Filter filter = FilterCompiler.compile(profile("SCMP_ACT_ALLOW", List.of()), Arch.X86_64);
        byte[] bytes = filter.bytes();
        assertEquals(filter.program().size() * 8, bytes.length);
        // ld [4]: code 0x20 in the first two bytes, k = 4 in the last four (little-endian).
        assertEquals(0x20, bytes[0]);
        assertEquals(4, bytes[4]);
    }
}
