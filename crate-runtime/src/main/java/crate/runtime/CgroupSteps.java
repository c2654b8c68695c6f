package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spi.ContainerCgroup;
import crate.api.spi.ContainerContext;
import java.util.Optional;

/**
 * The runtime's part in a container's cgroup: made at create, entered by init at the
 * steps of {@link InitProtocol#CGROUP}, found again from the state by later commands.
 */
final class CgroupSteps {
    private CgroupSteps() {}

    /**
     * Creates the container's cgroup with its limits; empty when cgroups are disabled
     * ({@code --cgroup-manager disabled}, as crun's): then the limits are not applied, and
     * crate says so.
     */
    static Optional<ContainerCgroup> create(Plugins plugins, ContainerContext context) throws CrateException {
        if (plugins.cgroups().isEmpty()) {
            if (context.spec().linux() != null && !context.spec().linux().resourcesOrNone().equals(LinuxResources.NONE)) {
                System.err.println("crate: warning: cgroups are disabled: linux.resources is not applied");
            }
            return Optional.empty();
        }
        return Optional.of(plugins.cgroups().get().create(context));
    }

    /** The cgroup of a container from its state; empty if it has none (or it is gone). */
    static Optional<ContainerCgroup> of(Plugins plugins, ContainerState state) throws CrateException {
        if (state.cgroupPaths() == null || plugins.cgroups().isEmpty()) {
            return Optional.empty();
        }
        return plugins.cgroups().get().open(state.cgroupPaths());
    }

    /** As {@link #of}, for commands that need the cgroup: a clear error without one. */
    static ContainerCgroup required(Plugins plugins, ContainerState state, String command) throws CrateException {
        Optional<ContainerCgroup> cgroup = of(plugins, state);
        if (cgroup.isEmpty()) {
            throw new CrateException("cannot " + command + " container " + state.id() + ": it has no cgroup"
                    + (plugins.cgroups().isEmpty() ? " (cgroups are disabled)" : ""));
        }
        return cgroup.get();
    }

    /**
     * A new init unshares its cgroup namespace: in the container's cgroup while it does, out
     * of it again right after, so that the JVM's own memory is not charged to the limit.
     */
    static void visitForNamespace(ContainerCgroup cgroup, int pid, int toInit, int fromInit) throws CrateException {
        awaitStep(fromInit, "it created its cgroup namespace");
        try (ContainerCgroup.Visit visit = cgroup.visit(pid)) {
            InitProtocol.proceed(toInit);
            awaitStep(fromInit, "it created its cgroup namespace");
        }
        InitProtocol.proceed(toInit);
    }

    /** A joining init ({@code exec}) is about to execute the process: it joins the cgroup now. */
    static void joinBeforeExec(ContainerCgroup cgroup, int pid, int toInit, int fromInit) throws CrateException {
        awaitStep(fromInit, "it joined the container");
        cgroup.add(pid);
        InitProtocol.proceed(toInit);
    }

    private static void awaitStep(int fromInit, String step) throws CrateException {
        Optional<InitProtocol.Failure> failure = InitProtocol.awaitStep(fromInit, step);
        if (failure.isPresent()) {
            throw new CrateException(failure.get().message(), failure.get().exitStatus());
        }
    }
}
