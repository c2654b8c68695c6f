package crate.seccomp;

import crate.api.CrateException;
import crate.api.spec.Process;
import crate.api.spec.Rlimit;
import crate.api.spec.User;
import crate.api.spi.ContainerContext;
import crate.api.spi.Isolator;
import crate.linux.Capability;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.RlimitResource;
import crate.linux.Syscalls;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The process's resource limits, oom_score_adj, user, groups, umask, capabilities and no_new_privs.
 * Credentials are switched with raw syscalls: glibc's setresuid would change every thread of
 * the JVM, and only the thread that executes the container's process matters (design.md).
 */
public final class CredentialsIsolator implements Isolator {
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int OOM_SCORE_ADJ_MIN = -1000;
    private static final int OOM_SCORE_ADJ_MAX = 1000;

    @Override
    public String name() {
        return "credentials";
    }

    @Override
    public int order() {
        return ORDER_CREDENTIALS;
    }

    @Override
    public void prepare(ContainerContext container) throws CrateException {
        Process process = container.spec().process();
        User user = process.user();
        if (user.uid() < 0 || user.gid() < 0) {
            throw new CrateException("config.json: process.user: uid and gid must not be negative");
        }
        if (user.umask() != null && (user.umask() < 0 || user.umask() > 0777)) {
            throw new CrateException("config.json: process.user.umask " + user.umask() + " is not a file mode mask");
        }
        checkRlimits(process.rlimits());
        for (String warning : capabilities(process).map(CapabilitySets::warnings).orElse(List.of())) {
            System.err.println("crate: warning: " + warning);
        }
        SeccompFilter.check(container.spec());
        Integer oomScoreAdj = process.oomScoreAdj();
        if (oomScoreAdj != null && (oomScoreAdj < OOM_SCORE_ADJ_MIN || oomScoreAdj > OOM_SCORE_ADJ_MAX)) {
            throw new CrateException("config.json: process.oomScoreAdj " + oomScoreAdj + " is out of range ("
                    + OOM_SCORE_ADJ_MIN + " to " + OOM_SCORE_ADJ_MAX + ")");
        }
    }

    /**
     * Host side, init blocked: its oom_score_adj, which execve keeps. Written from here
     * rather than from init so that it does not depend on the container's /proc.
     */
    @Override
    public void attach(ContainerContext container, int initPid) throws CrateException {
        Integer oomScoreAdj = container.spec().process().oomScoreAdj();
        if (oomScoreAdj == null) {
            return; // runtime-spec: if not set, the runtime MUST NOT change it
        }
        Path file = Path.of("/proc", Integer.toString(initPid), "oom_score_adj");
        try {
            Files.writeString(file, Integer.toString(oomScoreAdj), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            String hint = oomScoreAdj < 0
                    ? " (a value below the process's oom_score_adj_min, usually 0, needs CAP_SYS_RESOURCE)" : "";
            String reason = e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
            throw new CrateException("process.oomScoreAdj " + oomScoreAdj + ": cannot write " + file + ": " + reason + hint);
        }
    }

    /** Inside init, the host's file system still its root: the seccomp notify listener's socket. */
    @Override
    public void mount(ContainerContext container, Path rootfs) throws CrateException {
        SeccompFilter.connectListener(container);
    }

    @Override
    public void enter(ContainerContext container, Path rootfs) throws CrateException {
        enterExec(container);
    }

    @Override
    public void enterExec(ContainerContext container) throws CrateException {
        Process process = container.spec().process();
        User user = process.user();
        Syscalls.umask(user.umask() == null ? 0022 : user.umask());
        // Before the switch to the container's user: with it the process may lose the right
        // to lower (or raise) a hard limit.
        applyRlimits(process.rlimits());
        Optional<CapabilitySets> capabilities = capabilities(process);
        if (capabilities.isPresent()) {
            capabilities.get().dropBounding();
        }
        if (!process.noNewPrivileges()) {
            // Still root with every capability: CAP_SYS_ADMIN lets a filter in without no_new_privs.
            SeccompFilter.install(container);
        }
        Syscalls.setgroups(user.additionalGids().stream().mapToInt(Integer::intValue).toArray());
        Syscalls.setresgid(user.gid());
        Syscalls.setresuid(user.uid());
        if (capabilities.isPresent()) {
            capabilities.get().apply();
        }
        if (process.noNewPrivileges()) {
            Syscalls.prctl(PR_SET_NO_NEW_PRIVS, 1);
            // Last, so that the filter need not allow the calls above (runc's order).
            SeccompFilter.install(container);
        }
    }

    /** The process's capabilities, as far as the kernel has them and crate (this thread) holds them. */
    private static Optional<CapabilitySets> capabilities(Process process) throws CrateException {
        if (process.capabilities() == null) {
            return Optional.empty();
        }
        try {
            return CapabilitySets.of(process.capabilities(), Capability.lastOfKernel(), Syscalls.capget()[1]);
        } catch (ErrnoException e) {
            throw new CrateException("process.capabilities: " + e.getMessage(), e);
        }
    }

    /** runtime-spec: types that map to no kernel resource and duplicated types are errors. */
    static void checkRlimits(List<Rlimit> rlimits) throws CrateException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rlimits.size(); i++) {
            Rlimit rlimit = rlimits.get(i);
            String where = "config.json: process.rlimits[" + i + "]";
            if (rlimit == null || rlimit.type() == null) {
                throw new CrateException(where + ".type is missing");
            }
            if (RlimitResource.fromSpecName(rlimit.type()).isEmpty()) {
                throw new CrateException(where + ".type: unknown resource \"" + rlimit.type() + "\" (expected one of "
                        + String.join(", ", Arrays.stream(RlimitResource.values()).map(RlimitResource::specName).toList())
                        + ")");
            }
            if (!seen.add(rlimit.type())) {
                throw new CrateException(where + ": " + rlimit.type() + " is listed twice");
            }
            checkValue(where + ".hard", rlimit.hard());
            checkValue(where + ".soft", rlimit.soft());
            if (rlimit.soft().compareTo(rlimit.hard()) > 0) {
                throw new CrateException(where + ": " + rlimit.type() + " soft limit " + rlimit.soft()
                        + " is above its hard limit " + rlimit.hard());
            }
        }
    }

    private static void checkValue(String where, BigInteger value) throws CrateException {
        if (value == null) {
            throw new CrateException(where + " is missing");
        }
        if (value.signum() < 0 || value.compareTo(Rlimit.UNLIMITED) > 0) {
            throw new CrateException(where + " " + value + " is not a uint64");
        }
    }

    /** Sets every limit on init itself (execve keeps them), naming the limit that the kernel refused. */
    static void applyRlimits(List<Rlimit> rlimits) throws CrateException {
        for (Rlimit rlimit : rlimits) {
            RlimitResource resource = RlimitResource.fromSpecName(rlimit.type()).orElseThrow(
                    () -> new CrateException("process.rlimits: unknown resource " + rlimit.type()));
            long soft = rlimit.soft().longValue(); // the low 64 bits: uint64 as the kernel reads it
            long hard = rlimit.hard().longValue();
            try {
                Syscalls.setrlimit(resource, soft, hard);
            } catch (ErrnoException e) {
                throw new CrateException(describeFailure(rlimit, resource, e), e);
            }
        }
    }

    private static String describeFailure(Rlimit rlimit, RlimitResource resource, ErrnoException e) {
        String message = "process.rlimits " + rlimit.type() + " (soft " + show(rlimit.soft()) + ", hard "
                + show(rlimit.hard()) + "): " + Errno.describe(e.errno());
        if (e.errno() == Errno.EPERM) {
            try {
                long[] current = Syscalls.getrlimit(resource);
                message += ": raising the hard limit above the current "
                        + show(new BigInteger(Long.toUnsignedString(current[1])))
                        + " needs CAP_SYS_RESOURCE, which crate does not have";
            } catch (ErrnoException ignored) {
                message += ": raising a hard limit needs CAP_SYS_RESOURCE";
            }
        }
        return message;
    }

    private static String show(BigInteger value) {
        return value.equals(Rlimit.UNLIMITED) ? "unlimited" : value.toString();
    }
}
