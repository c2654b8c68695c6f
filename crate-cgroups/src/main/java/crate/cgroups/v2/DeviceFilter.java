package crate.cgroups.v2;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.DeviceRule;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * linux.resources.devices compiled to an eBPF program of type BPF_PROG_TYPE_CGROUP_DEVICE,
 * the cgroup v2 device controller (runc's devicefilter does the same).
 *
 * <p>Semantics are v1's: a cgroup starts allowing everything and each rule, in order, changes
 * that, so the last rule that matches a request decides. The program therefore tests the rules
 * last to first and returns at the first match, allowing what no rule matches. An allow rule
 * matches when it grants every access the request asks for; a deny rule when it denies any.
 * A rule that matches everything ends the program (the verifier refuses unreachable code).
 */
final class DeviceFilter {
    // struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; }: access_type is
    // (access << 16) | type, access a mask of mknod 1, read 2, write 4, type block 1 or char 2.
    private static final int ACCESS_MKNOD = 1;
    private static final int ACCESS_READ = 2;
    private static final int ACCESS_WRITE = 4;
    private static final int ALL_ACCESS = ACCESS_MKNOD | ACCESS_READ | ACCESS_WRITE;
    private static final int TYPE_BLOCK = 1;
    private static final int TYPE_CHAR = 2;

    // Registers: r1 the context, then r2 type, r3 access, r4 major, r5 minor; r0 the verdict.
    private static final int R0 = 0;
    private static final int R1 = 1;
    private static final int R2 = 2;
    private static final int R3 = 3;
    private static final int R4 = 4;
    private static final int R5 = 5;

    // Opcodes (linux/bpf.h, bpf_common.h).
    private static final int LDX_MEM_W = 0x61;
    private static final int ALU32_AND_K = 0x54;
    private static final int ALU32_RSH_K = 0x74;
    private static final int ALU32_MOV_K = 0xb4;
    private static final int ALU32_MOV_X = 0xbc;
    private static final int JMP_JNE_K = 0x55;
    private static final int JMP_JEQ_K = 0x15;
    private static final int JMP_EXIT = 0x95;

    private DeviceFilter() {}

    /** One instruction; off of a jump is filled in when its block is complete. */
    private record Insn(int code, int dst, int src, int off, int imm, boolean jumpsToNextBlock) {
        static Insn of(int code, int dst, int src, int off, int imm) {
            return new Insn(code, dst, src, off, imm, false);
        }

        static Insn skipBlockUnless(int code, int dst, int imm) {
            return new Insn(code, dst, 0, 0, imm, true);
        }
    }

    /** The program's instructions (struct bpf_insn, little-endian), ready for BPF_PROG_LOAD. */
    static byte[] compile(List<DeviceRule> rules) throws CrateException {
        List<Insn> program = new ArrayList<>(List.of(
                Insn.of(LDX_MEM_W, R2, R1, 0, 0),
                Insn.of(ALU32_AND_K, R2, 0, 0, 0xffff),
                Insn.of(LDX_MEM_W, R3, R1, 0, 0),
                Insn.of(ALU32_RSH_K, R3, 0, 0, 16),
                Insn.of(LDX_MEM_W, R4, R1, 4, 0),
                Insn.of(LDX_MEM_W, R5, R1, 8, 0)));
        boolean ended = false;
        for (int i = rules.size() - 1; i >= 0 && !ended; i--) {
            List<Insn> block = block(rules.get(i));
            ended = block.stream().noneMatch(Insn::jumpsToNextBlock);
            for (int j = 0; j < block.size(); j++) {
                Insn insn = block.get(j);
                program.add(insn.jumpsToNextBlock()
                        ? Insn.of(insn.code(), insn.dst(), insn.src(), block.size() - j - 1, insn.imm()) : insn);
            }
        }
        if (!ended) {
            program.add(Insn.of(ALU32_MOV_K, R0, 0, 0, 1));
            program.add(Insn.of(JMP_EXIT, 0, 0, 0, 0));
        }
        return encode(program);
    }

    private static List<Insn> block(DeviceRule rule) throws CrateException {
        List<Insn> block = new ArrayList<>();
        String type = rule.type() == null || rule.type().isEmpty() ? "a" : rule.type();
        switch (type) {
            case "a" -> { }
            case "c" -> block.add(Insn.skipBlockUnless(JMP_JNE_K, R2, TYPE_CHAR));
            case "b" -> block.add(Insn.skipBlockUnless(JMP_JNE_K, R2, TYPE_BLOCK));
            default -> throw new CrateException("linux.resources.devices: bad type \"" + type + "\" (a, c or b)");
        }
        int access = access(rule.access());
        if (access != ALL_ACCESS) {
            block.add(Insn.of(ALU32_MOV_X, R1, R3, 0, 0));
            if (rule.allow()) {
                // Skip unless the request asks for nothing outside the rule's access.
                block.add(Insn.of(ALU32_AND_K, R1, 0, 0, ~access & ALL_ACCESS));
                block.add(Insn.skipBlockUnless(JMP_JNE_K, R1, 0));
            } else {
                // Skip unless the request asks for some access the rule denies.
                block.add(Insn.of(ALU32_AND_K, R1, 0, 0, access));
                block.add(Insn.skipBlockUnless(JMP_JEQ_K, R1, 0));
            }
        }
        if (rule.major() != null && rule.major() >= 0) {
            block.add(Insn.skipBlockUnless(JMP_JNE_K, R4, Math.toIntExact(rule.major())));
        }
        if (rule.minor() != null && rule.minor() >= 0) {
            block.add(Insn.skipBlockUnless(JMP_JNE_K, R5, Math.toIntExact(rule.minor())));
        }
        block.add(Insn.of(ALU32_MOV_K, R0, 0, 0, rule.allow() ? 1 : 0));
        block.add(Insn.of(JMP_EXIT, 0, 0, 0, 0));
        return block;
    }

    private static int access(String access) throws CrateException {
        if (access == null || access.isEmpty()) {
            return ALL_ACCESS;
        }
        int mask = 0;
        for (int i = 0; i < access.length(); i++) {
            mask |= switch (access.charAt(i)) {
                case 'r' -> ACCESS_READ;
                case 'w' -> ACCESS_WRITE;
                case 'm' -> ACCESS_MKNOD;
                default -> throw new CrateException("linux.resources.devices: bad access \"" + access
                        + "\" (letters of rwm)");
            };
        }
        return mask;
    }

    private static byte[] encode(List<Insn> program) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(program.size() * 8);
        for (Insn insn : program) {
            out.write(insn.code());
            out.write((insn.dst() & 0xf) | ((insn.src() & 0xf) << 4));
            out.write(insn.off() & 0xff);
            out.write((insn.off() >> 8) & 0xff);
            for (int shift = 0; shift < 32; shift += 8) {
                out.write((insn.imm() >> shift) & 0xff);
            }
        }
        return out.toByteArray();
    }
}
