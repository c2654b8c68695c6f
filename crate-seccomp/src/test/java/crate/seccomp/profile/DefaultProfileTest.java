package crate.seccomp.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxSeccomp;
import crate.seccomp.compiler.Arch;
import crate.seccomp.compiler.BpfInterpreter;
import crate.seccomp.compiler.Filter;
import crate.seccomp.compiler.FilterCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's default profile, resolved per capabilities and architecture, compiled and simulated. */
class DefaultProfileTest {
    private static final List<String> DOCKER_CAPS = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    private static final int X86_64 = 0xC000003E;
    private static final int EPERM = 0x50001;
    private static final int ALLOW = 0x7fff0000;
    private static final KernelVersion KERNEL = new KernelVersion(6, 18);

    private static Filter compile(List<String> caps) throws CrateException {
        LinuxSeccomp seccomp = DefaultProfile.profile().resolve("SCMP_ARCH_X86_64", "amd64", caps, KERNEL);
        return FilterCompiler.compile(seccomp, Arch.X86_64);
    }

    /** Runs the x86_64 call {@code nr} through the filter. */
    private static int run(Filter filter, int nr, long... args) {
        BpfInterpreter.verify(filter.program());
        return BpfInterpreter.run(filter.program(), new BpfInterpreter.Data(nr, X86_64, args));
    }

    @Test
    void dockerDefaultsDenyTheDangerousCalls() throws CrateException {
        Filter filter = compile(DOCKER_CAPS);
        assertTrue(filter.program().size() < 4096, "size " + filter.program().size());
        // reboot 169, kexec_load 246, mount 165, unshare 272, bpf 321, keyctl 250, init_module 175,
        // finit_module 313, delete_module 176, setns 308, add_key 248
        for (int nr : new int[] {169, 246, 165, 272, 321, 250, 175, 313, 176, 308, 248}) {
            assertEquals(EPERM, run(filter, nr), "syscall " + nr);
        }
        // read, write, openat, execve, exit_group, chroot (CAP_SYS_CHROOT), ptrace (kernel >= 4.8)
        for (int nr : new int[] {0, 1, 257, 59, 231, 161, 101}) {
            assertEquals(ALLOW, run(filter, nr), "syscall " + nr);
        }
        assertEquals(0x50000 | 38, run(filter, 435)); // clone3: ENOSYS, so that libc uses clone
        assertEquals(0x50000 | 38, run(filter, 999)); // newer than the table
        assertEquals(ALLOW, run(filter, 56, 0x11 /* SIGCHLD */)); // clone without namespace flags
        assertEquals(EPERM, run(filter, 56, 0x10000000L | 0x11)); // clone(CLONE_NEWUSER)
        assertEquals(EPERM, run(filter, 56, 0x20000L)); // clone(CLONE_NEWNS)
        assertEquals(ALLOW, run(filter, 41, 2)); // socket(AF_INET)
        assertEquals(EPERM, run(filter, 41, 40)); // socket(AF_VSOCK)
        assertEquals(ALLOW, run(filter, 135, 0)); // personality(PER_LINUX)
        assertEquals(ALLOW, run(filter, 135, 0xffffffffL)); // personality query
        assertEquals(EPERM, run(filter, 135, 0x0400000)); // personality(READ_IMPLIES_EXEC)
        assertEquals(ALLOW, run(filter, 452)); // fchmodat2
    }

    @Test
    void capabilitiesWidenTheProfile() throws CrateException {
        Filter admin = compile(List.of("CAP_SYS_ADMIN", "CAP_SYS_BOOT"));
        assertEquals(ALLOW, run(admin, 165)); // mount
        assertEquals(ALLOW, run(admin, 272)); // unshare
        assertEquals(ALLOW, run(admin, 56, 0x10000000L)); // clone(CLONE_NEWUSER)
        assertEquals(ALLOW, run(admin, 435)); // clone3
        assertEquals(ALLOW, run(admin, 169)); // reboot
        assertEquals(EPERM, run(admin, 175)); // init_module: CAP_SYS_MODULE
        Filter none = compile(List.of());
        assertEquals(EPERM, run(none, 161)); // chroot without CAP_SYS_CHROOT
    }

    @Test
    void resolvesArchitecturesAndIncludes() {
        LinuxSeccomp amd64 = DefaultProfile.profile().resolve("SCMP_ARCH_X86_64", "amd64", DOCKER_CAPS, KERNEL);
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), amd64.architectures());
        assertTrue(names(amd64).contains("arch_prctl"));
        LinuxSeccomp arm64 = DefaultProfile.profile().resolve("SCMP_ARCH_AARCH64", "arm64", DOCKER_CAPS, KERNEL);
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), arm64.architectures());
        assertTrue(!names(arm64).contains("arch_prctl") && names(arm64).contains("set_tls"));
        LinuxSeccomp old = DefaultProfile.profile().resolve("SCMP_ARCH_X86_64", "amd64", DOCKER_CAPS, new KernelVersion(4, 4));
        assertTrue(!names(old).contains("ptrace"));
    }

    private static Set<String> names(LinuxSeccomp seccomp) {
        return Set.copyOf(seccomp.syscalls().stream().flatMap(s -> s.names().stream()).toList());
    }

    @Test
    void compilesForAarch64() throws CrateException {
        LinuxSeccomp arm64 = DefaultProfile.profile().resolve("SCMP_ARCH_AARCH64", "arm64", DOCKER_CAPS, KERNEL);
        Filter filter = FilterCompiler.compile(arm64, Arch.AARCH64);
        assertTrue(filter.unknownNames().contains("open")); // aarch64 has openat only
        assertTrue(filter.program().size() < 4096);
    }

    @Test
    void readsOciAndDockerProfileFiles(@TempDir Path dir) throws Exception {
        Path oci = dir.resolve("oci.json");
        Files.writeString(oci, """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["kill"], "action": "SCMP_ACT_ALLOW",
                               "args": [{"index": 1, "value": 9, "op": "SCMP_CMP_NE"}]}]}
                """);
        LinuxSeccomp seccomp = Profiles.read(oci, DOCKER_CAPS);
        assertEquals("SCMP_ACT_ERRNO", seccomp.defaultAction());
        assertEquals(2, seccomp.syscalls().size());
        assertEquals(9, seccomp.syscalls().get(1).args().getFirst().value());
        Path docker = dir.resolve("docker.json");
        Files.writeString(docker, """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]},
                             {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
                 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                              {"names": ["chroot"], "action": "SCMP_ACT_ALLOW", "comment": "x",
                               "excludes": {"caps": ["CAP_SYS_ADMIN"]}}]}
                """);
        LinuxSeccomp resolved = Profiles.read(docker, DOCKER_CAPS);
        assertEquals(Set.of("read", "chroot"), names(resolved));
        assertEquals(2, resolved.architectures().size()); // the host's archMap entry: itself and its sub-architecture
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"syscalls\": []}");
        assertTrue(assertThrows(CrateException.class, () -> Profiles.read(broken, DOCKER_CAPS)).getMessage()
                .contains("defaultAction"));
        assertThrows(CrateException.class, () -> Profiles.read(dir.resolve("missing.json"), DOCKER_CAPS));
    }

    @Test
    void kernelVersions() {
        assertTrue(KernelVersion.parse("6.18.0-1-amd64").atLeast("4.8"));
        assertTrue(!KernelVersion.parse("4.4.0").atLeast("4.8"));
        assertTrue(KernelVersion.parse("4.10").atLeast("4.8"));
    }
}
