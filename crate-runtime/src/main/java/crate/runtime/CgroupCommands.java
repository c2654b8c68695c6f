package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spec.State;
import crate.api.spi.ContainerCgroup;
import java.util.function.Function;

/** The commands that act on a container's cgroup alone: pause, resume, update, events. */
final class CgroupCommands {
    private final StateStore store;
    private final Plugins plugins;
    private final Function<ContainerState, State.Status> statusOf;

    CgroupCommands(StateStore store, Plugins plugins, Function<ContainerState, State.Status> statusOf) {
        this.store = store;
        this.plugins = plugins;
        this.statusOf = statusOf;
    }

    /** Freezes every process of a running container ({@code crate pause}). */
    void pause(String id) throws CrateException {
        inStatus(id, State.Status.RUNNING, "pause", "running").freeze();
    }

    /** Thaws a paused container ({@code crate resume}). */
    void resume(String id) throws CrateException {
        inStatus(id, State.Status.PAUSED, "resume", "paused").thaw();
    }

    /** The cgroup of container {@code id}, which must be in {@code required} status (runc's wording otherwise). */
    private ContainerCgroup inStatus(String id, State.Status required, String command, String adjective) throws CrateException {
        try (StateStore.Lock lock = store.lock(id)) {
            ContainerState state = store.read(id);
            State.Status status = statusOf.apply(state);
            if (status != required) {
                throw new CrateException("cannot " + command + " container " + id + ": container not " + adjective
                        + " (it is " + status.label() + ")");
            }
            return CgroupSteps.required(plugins, state, command);
        }
    }

    /** Changes the limits of a created, running or paused container ({@code crate update}). */
    void update(String id, LinuxResources resources) throws CrateException {
        try (StateStore.Lock lock = store.lock(id)) {
            ContainerState state = store.read(id);
            State.Status status = statusOf.apply(state);
            if (status == State.Status.STOPPED || status == State.Status.CREATING) {
                throw new CrateException("cannot update container " + id + ": it is " + status.label());
            }
            CgroupSteps.required(plugins, state, "update").update(resources);
        }
    }

    /** The container's cgroup, for {@code crate events}: its stats and OOM kills. */
    ContainerCgroup cgroup(String id) throws CrateException {
        ContainerState state = store.read(id);
        State.Status status = statusOf.apply(state);
        if (status == State.Status.STOPPED || status == State.Status.CREATING) {
            throw new CrateException("container " + id + " is not running (it is " + status.label() + ")");
        }
        return CgroupSteps.required(plugins, state, "show the events of");
    }
}
