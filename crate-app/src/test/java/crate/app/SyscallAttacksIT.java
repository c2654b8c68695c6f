package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static crate.app.CrateCli.crate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import crate.api.CrateException;
import crate.api.spec.LinuxSeccomp;
import crate.api.spec.Spec;
import crate.app.CrateCli.Result;
import crate.linux.Syscalls;
import crate.linux.UnixSocket;
import crate.runtime.SpecJson;
import crate.seccomp.profile.Profiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privileged system calls from inside a container must fail. A static probe (syscall-probe.c,
 * built with gcc) makes each call with arguments that fail harmlessly even when nothing
 * blocks it (reboot with a wrong magic number, mount of a file system type that does not
 * exist, finit_module of fd -1...), so a broken defence shows as another errno, not damage.
 * Each test names the defence it proves: seccomp (Docker's default profile) with every
 * capability, the capabilities with seccomp unconfined, and both as {@code crate run} sets them.
 */
@ExtendWith(NoHostLeaks.class)
class SyscallAttacksIT {
    /** The classes of attack: reboot, kexec, mount, namespaces, bpf, keyrings, kernel modules, ptrace's kin. */
    private static final List<String> ATTACKS = List.of("reboot", "kexec_load", "mount", "unshare", "bpf", "keyctl",
            "init_module", "finit_module", "delete_module", "pidfd_getfd");
    /** Calls that this kernel may lack (CONFIG_KEXEC, CONFIG_MODULES): ENOSYS when nothing blocks them. */
    private static final Set<String> OPTIONAL = Set.of("kexec_load", "init_module", "finit_module", "delete_module");
    /** The test's own capabilities: a container without process.capabilities keeps them all. */
    private static String hostCaps;

    @TempDir static Path shared;
    private static Path rootfs;

    @TempDir Path root;
    @TempDir Path bundle;

    /** A copy of the busybox rootfs with the probe in it (the shared fixture stays untouched). */
    @BeforeAll
    static void buildProbe() throws IOException, InterruptedException {
        CrateCli.assumeRoot();
        hostCaps = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                .map(l -> l.substring("CapEff:".length()).strip()).findFirst().orElseThrow();
        rootfs = shared.resolve("rootfs");
        Process copy = new ProcessBuilder("cp", "-a", busyboxRootfs().toString(), rootfs.toString()).inheritIO().start();
        assertEquals(0, copy.waitFor());
        Path source = shared.resolve("syscall-probe.c");
        try (InputStream in = SyscallAttacksIT.class.getResourceAsStream("syscall-probe.c")) {
            Files.copy(in, source);
        }
        Process gcc = new ProcessBuilder("gcc", "-static", "-O", "-o", rootfs.resolve("probe").toString(), source.toString())
                .inheritIO().start();
        assertEquals(0, gcc.waitFor(), "gcc -static syscall-probe.c");
    }

    /** The probe's answers, and the container's CapEff, from {@code crate run [flags] ...}. */
    private Map<String, String> probe(List<String> flags) {
        List<String> args = new ArrayList<>(List.of("--root", root.toString(), "run"));
        args.addAll(flags);
        args.addAll(List.of("-r", rootfs.toString(), "-e", "HOST_PID=" + ProcessHandle.current().pid(), "sh", "-c",
                "grep CapEff /proc/self/status; /probe ptrace " + String.join(" ", ATTACKS)));
        return parse(crate(args.toArray(String[]::new)));
    }

    private Map<String, String> probeBundle(Spec spec) throws IOException {
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
        return parse(crate("--root", root.toString(), "run", "--bundle", bundle.toString(), "sc-attacks"));
    }

    private Spec bundleSpec(LinuxSeccomp seccomp, boolean noNewPrivileges) {
        Spec spec = DefaultSpec.of(List.of("sh", "-c", "grep CapEff /proc/self/status; HOST_PID="
                + ProcessHandle.current().pid() + " /probe ptrace " + String.join(" ", ATTACKS)), rootfs.toString(), false);
        var process = spec.process();
        process = new crate.api.spec.Process(process.terminal(), process.user(), process.args(), process.env(), process.cwd(),
                noNewPrivileges).withRlimits(process.rlimits());
        return spec.withProcess(process).withLinux(spec.linux().withSeccomp(seccomp));
    }

    private static Map<String, String> parse(Result result) {
        assertEquals(0, result.exit(), result.err());
        Map<String, String> answers = new LinkedHashMap<>();
        for (String line : result.out().lines().toList()) {
            String[] kv = line.split("[=:]\\s*", 2);
            answers.put(kv[0], kv[1]);
        }
        return answers;
    }

    /** What crate run sets up: Docker's default profile and the capabilities of the spec. */
    @Test
    void underCrateRunsDefaultsEveryAttackFailsWithEperm() {
        Map<String, String> answers = probe(List.of("--name", "sc-defaults"));
        for (String attack : ATTACKS) {
            assertEquals("EPERM", answers.get(attack), attack + ": " + answers);
        }
        // ptrace itself is allowed by Docker's profile (kernel >= 4.8): the host's processes are
        // out of reach because the container has its own pid namespace.
        assertEquals("ESRCH", answers.get("ptrace"), answers.toString());
    }

    /** Seccomp alone: every capability, Docker's profile; the filter installed at both of its steps. */
    @Test
    void seccompAloneStopsThemWithEveryCapability() throws IOException, CrateException {
        LinuxSeccomp profile = Profiles.builtIn(SeccompOption.DOCKER_CAPS);
        for (boolean noNewPrivileges : new boolean[] {true, false}) {
            // No process.capabilities: the process keeps every capability (as runc).
            Map<String, String> answers = probeBundle(bundleSpec(profile, noNewPrivileges));
            assertEquals(hostCaps, answers.get("CapEff"), answers.toString());
            for (String attack : ATTACKS) {
                assertEquals("EPERM", answers.get(attack), attack + " (no_new_privs " + noNewPrivileges + "): " + answers);
            }
        }
    }

    /**
     * Capabilities alone: seccomp unconfined, crate run's default capabilities. Those that need
     * CAP_SYS_ADMIN, CAP_SYS_BOOT, CAP_SYS_MODULE or CAP_BPF fail; keyctl and pidfd_getfd on
     * the process itself need no capability (only seccomp stops them).
     */
    @Test
    void capabilitiesAloneStopThePrivilegedCalls() {
        Map<String, String> answers = probe(List.of("--name", "sc-caps", "--security-opt", "seccomp=unconfined"));
        assumeFalse(hostCaps.equals(answers.get("CapEff")), "crate run keeps every capability on this branch "
                + "(process.capabilities are applied by the capabilities work)");
        for (String attack : List.of("reboot", "kexec_load", "mount", "unshare", "bpf", "init_module", "finit_module",
                "delete_module")) {
            String answer = answers.get(attack);
            assertTrue(answer.equals("EPERM") || (OPTIONAL.contains(attack) && answer.equals("ENOSYS")),
                    attack + ": " + answers);
        }
    }

    /** The control: with neither defence the probes fail differently, so EPERM above means blocked. */
    @Test
    void withoutEitherDefenceNoProbeAnswersEperm() throws IOException {
        Map<String, String> answers = probeBundle(bundleSpec(null, true));
        assertEquals(hostCaps, answers.get("CapEff"), answers.toString());
        for (String attack : ATTACKS) {
            assertNotEquals("EPERM", answers.get(attack), attack + ": " + answers);
        }
        assertEquals("EINVAL", answers.get("reboot"), answers.toString());
        assertEquals("ENODEV", answers.get("mount"), answers.toString());
    }

    @Test
    void execdProcessesGetTheFilterToo() {
        // Output to files: the detached container keeps crate's stdout open.
        Result started = CrateCli.crateToFiles(bundle, "--root", root.toString(), "run", "-d", "-r", rootfs.toString(),
                "--name", "sc-exec", "sleep", "60");
        assertEquals(0, started.exit(), started.err());
        try {
            Result exec = crate("--root", root.toString(), "exec", "sc-exec", "/probe", "mount", "reboot");
            assertEquals("mount=EPERM\nreboot=EPERM\n", exec.out(), exec.err());
            Result status = crate("--root", root.toString(), "exec", "sc-exec", "grep", "Seccomp:", "/proc/self/status");
            assertEquals("Seccomp:\t2\n", status.out(), status.err());
        } finally {
            crate("--root", root.toString(), "delete", "-f", "sc-exec");
        }
    }

    @Test
    void aProfileFileReplacesTheDefault() throws IOException {
        Path file = bundle.resolve("profile.json");
        Files.writeString(file, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 95}]}
                """);
        // CAP_SYS_ADMIN, which crate run's defaults lack: the mount probe then reaches the kernel.
        Result result = crate("--root", root.toString(), "run", "-r", rootfs.toString(), "--name", "sc-file",
                "--cap-add", "SYS_ADMIN", "--security-opt", "seccomp=" + file, "sh", "-c", "mkdir /tmp/d 2>&1; /probe mount");
        assertEquals(0, result.exit(), result.err());
        assertEquals("mkdir: can't create directory '/tmp/d': Operation not supported\nmount=ENODEV\n", result.out());
    }

    @Test
    void badProfilesFailBeforeAnythingIsCreated() throws IOException {
        Result missing = crate("--root", root.toString(), "run", "-r", rootfs.toString(), "--name", "sc-bad1",
                "--security-opt", "seccomp=" + bundle.resolve("nope.json"), "true");
        assertEquals(125, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Result unknown = crate("--root", root.toString(), "run", "-r", rootfs.toString(), "--name", "sc-bad3",
                "--security-opt", "seccomp=" + writeProfile("SCMP_ACT_SOMETIMES"), "true");
        assertEquals(125, unknown.exit());
        assertTrue(unknown.err().contains("unknown action SCMP_ACT_SOMETIMES"), unknown.err());
    }

    /**
     * SCMP_ACT_NOTIFY: the listener gets the seccomp fd and the container's state over its
     * socket; once it closes the fd, the notified calls fail with ENOSYS (no listener left).
     */
    @Test
    void notifySendsTheListenerFdWithTheState() throws Exception {
        Path socket = bundle.resolve("listener.sock");
        Path file = bundle.resolve("notify.json");
        Files.writeString(file, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"" + socket + "\", "
                + "\"listenerMetadata\": \"sc-meta\", \"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], "
                + "\"action\": \"SCMP_ACT_NOTIFY\"}]}");
        int listening = UnixSocket.listen(socket.toString(), 1);
        CompletableFuture<String> agent = CompletableFuture.supplyAsync(() -> {
            try {
                int connection = UnixSocket.accept(listening);
                try {
                    UnixSocket.Received received = UnixSocket.receiveFd(connection, 64 * 1024).orElseThrow();
                    Syscalls.closeQuietly(received.fd()); // no agent: the notified calls get ENOSYS
                    return received.payload();
                } finally {
                    Syscalls.closeQuietly(connection);
                }
            } catch (CrateException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Result result = crate("--root", root.toString(), "run", "-r", rootfs.toString(), "--name", "sc-notify",
                    "--security-opt", "seccomp=" + file, "sh", "-c", "mkdir /tmp/d 2>&1; echo $?");
            assertEquals(0, result.exit(), result.err());
            assertEquals("mkdir: can't create directory '/tmp/d': Function not implemented\n1\n", result.out());
            String state = agent.get(30, TimeUnit.SECONDS);
            assertTrue(state.contains("\"fds\":[\"seccompFd\"]") && state.contains("\"metadata\":\"sc-meta\"")
                    && state.contains("\"id\":\"sc-notify\"") && state.contains("\"status\":\"creating\""), state);
        } finally {
            Syscalls.closeQuietly(listening);
        }
    }

    private Path writeProfile(String defaultAction) throws IOException {
        Path file = bundle.resolve("default-" + defaultAction + ".json");
        Files.writeString(file, "{\"defaultAction\": \"" + defaultAction + "\"}");
        return file;
    }
}
