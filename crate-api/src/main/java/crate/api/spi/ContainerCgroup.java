package crate.api.spi;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import java.util.List;
import java.util.Map;

/** One container's cgroup, in every hierarchy the host has; see {@link CgroupManager}. */
public interface ContainerCgroup {

    /** The cgroup's path as the spec would name it (for example /harness/abc), for messages. */
    String path();

    /**
     * Where the cgroup is, for {@link CgroupManager#open}: each hierarchy's mount point to
     * the cgroup's absolute path in it.
     */
    Map<String, String> paths();

    /** Moves a process with all its threads into the cgroup, in every hierarchy. */
    void add(int pid) throws CrateException;

    /**
     * Moves a process into the cgroup for a moment and back to where it was when the
     * returned visit is closed. The container's init creates its cgroup namespace in such
     * a visit: the namespace's root is the cgroup it is in when it unshares, and the JVM's
     * own memory must not be charged to the container's limit.
     */
    Visit visit(int pid) throws CrateException;

    /** Ends a {@link #visit}: the process is back in the cgroups it came from. */
    interface Visit extends AutoCloseable {
        @Override
        void close() throws CrateException;
    }

    /** The pids of every process in the cgroup and its descendants, as the host sees them. */
    List<Integer> pids() throws CrateException;

    /** Freezes every process of the cgroup and waits until they are frozen. */
    void freeze() throws CrateException;

    /** Thaws a frozen cgroup. */
    void thaw() throws CrateException;

    /** Whether the cgroup is frozen (or freezing). */
    boolean frozen() throws CrateException;

    /** Applies new limits to the live cgroup; null fields are left as they are. */
    void update(LinuxResources resources) throws CrateException;

    /** The current usage and limits, as {@code crate events --stats} shows them. */
    CgroupStats stats() throws CrateException;

    /** How many times the kernel's OOM killer killed a process of the cgroup so far. */
    long oomKills() throws CrateException;

    /** Sends a signal to every process in the cgroup (cgroup.kill on v2 for SIGKILL). */
    void signalAll(int signal) throws CrateException;

    /**
     * Kills whatever still runs in the cgroup, waits until it is empty and removes it from
     * every hierarchy. Idempotent: a cgroup that is gone already is fine.
     */
    void destroy() throws CrateException;
}
