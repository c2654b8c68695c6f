package crate.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.DeviceRule;
import crate.cgroups.DefaultDevices;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiled device program, run by a small interpreter of the instructions it uses. */
class DeviceFilterTest {
    private static final int CHAR = 2;
    private static final int BLOCK = 1;
    private static final int M = 1;
    private static final int R = 2;
    private static final int W = 4;

    /** Runs the program on one request, as the kernel would: 1 allows, 0 denies. */
    private static int run(byte[] program, int type, int access, int major, int minor) {
        ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        int[] ctx = {(access << 16) | type, major, minor};
        long[] reg = new long[11];
        int pc = 0;
        for (int steps = 0; steps < 10_000; steps++) {
            int at = pc * 8;
            int op = code.get(at) & 0xff;
            int dst = code.get(at + 1) & 0xf;
            int src = (code.get(at + 1) >> 4) & 0xf;
            int off = code.getShort(at + 2);
            long imm = code.getInt(at + 4);
            pc++;
            switch (op) {
                case 0x61 -> {
                    assertEquals(1, src, "loads come from the context");
                    reg[dst] = ctx[off / 4] & 0xffffffffL;
                }
                case 0x54 -> reg[dst] = (reg[dst] & imm) & 0xffffffffL;
                case 0x74 -> reg[dst] = (reg[dst] & 0xffffffffL) >>> imm;
                case 0xb4 -> reg[dst] = imm & 0xffffffffL;
                case 0xbc -> reg[dst] = reg[src] & 0xffffffffL;
                case 0x55 -> pc += reg[dst] != imm ? off : 0;
                case 0x15 -> pc += reg[dst] == imm ? off : 0;
                case 0x95 -> {
                    return (int) reg[0];
                }
                default -> throw new AssertionError("unexpected opcode " + Integer.toHexString(op));
            }
            assertTrue(pc * 8 < program.length, "ran off the end");
        }
        throw new AssertionError("no exit");
    }

    private static DeviceRule allow(String type, Long major, Long minor, String access) {
        return new DeviceRule(true, type, major, minor, access);
    }

    private static DeviceRule deny(String type, Long major, Long minor, String access) {
        return new DeviceRule(false, type, major, minor, access);
    }

    @Test
    void denyAllThenAllowSomeAsDockerAndPodmanWriteIt() throws Exception {
        byte[] program = DeviceFilter.compile(List.of(deny("a", null, null, "rwm"),
                allow("c", 1L, 3L, "rwm"), allow("c", 1L, 5L, "r"), allow("c", 136L, null, "rw")));
        assertEquals(1, run(program, CHAR, R | W, 1, 3));
        assertEquals(1, run(program, CHAR, R, 1, 5));
        assertEquals(0, run(program, CHAR, R | W, 1, 5), "write to a read-only device");
        assertEquals(1, run(program, CHAR, W, 136, 7));
        assertEquals(0, run(program, CHAR, M, 136, 7));
        assertEquals(0, run(program, BLOCK, R, 1, 3), "a block device of the same numbers");
        assertEquals(0, run(program, CHAR, R, 1, 11));
    }

    @Test
    void theLastMatchingRuleDecides() throws Exception {
        byte[] program = DeviceFilter.compile(List.of(allow("c", 1L, 3L, "rwm"), deny("c", 1L, 3L, "w")));
        assertEquals(1, run(program, CHAR, R, 1, 3));
        assertEquals(0, run(program, CHAR, W, 1, 3));
        assertEquals(0, run(program, CHAR, R | W, 1, 3));
        // What no rule matches is allowed, as in a v1 cgroup without rules.
        assertEquals(1, run(program, BLOCK, R | W, 8, 0));
    }

    @Test
    void aCatchAllRuleEndsTheProgram() throws Exception {
        byte[] denyAll = DeviceFilter.compile(List.of(allow("c", 1L, 3L, "rwm"), deny("a", null, null, "rwm")));
        // Prologue (6) and the deny-all block (2): the earlier rule would be unreachable code.
        assertEquals(8 * 8, denyAll.length);
        assertEquals(0, run(denyAll, CHAR, R, 1, 3));
        byte[] typeDefault = DeviceFilter.compile(List.of(deny(null, null, null, null)));
        assertEquals(0, run(typeDefault, BLOCK, M, 8, 0));
    }

    @Test
    void runcsDefaultsComeAfterTheSpecsRules() throws Exception {
        byte[] program = DeviceFilter.compile(DefaultDevices.withDefaults(List.of(deny("a", null, null, "rwm"))));
        assertEquals(1, run(program, CHAR, R | W, 1, 3), "/dev/null");
        assertEquals(1, run(program, CHAR, R | W, 136, 0), "/dev/pts/0");
        assertEquals(1, run(program, BLOCK, M, 8, 0), "mknod of any device");
        assertEquals(0, run(program, BLOCK, R, 8, 0), "but not its use");
        assertEquals(0, run(program, CHAR, R, 1, 1), "/dev/mem");
        assertTrue(DefaultDevices.withDefaults(List.of()).isEmpty());
        assertFalse(DefaultDevices.withDefaults(List.of(deny("a", null, null, "rwm"))).isEmpty());
    }

    @Test
    void badTypesAndAccessAreRefused() {
        assertThrows(CrateException.class, () -> DeviceFilter.compile(List.of(allow("x", null, null, "r"))));
        assertThrows(CrateException.class, () -> DeviceFilter.compile(List.of(allow("c", null, null, "rx"))));
    }
}
