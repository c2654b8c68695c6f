package crate.linux;

import com.sun.jna.Memory;
import java.util.List;

/**
 * posix_spawn(3) from the calling thread. Unlike {@link ProcessBuilder} it starts the child in
 * the calling thread's namespaces (after {@code unshare} on that thread the child is created
 * inside them, PID 1 of a new PID namespace) and passes exactly the fds asked for.
 */
public final class Spawner {
    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** glibc 2.26 and later: the child calls setsid() (a new session, no controlling terminal). */
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int F_DUPFD_CLOEXEC = 1030;
    // glibc: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336; leave headroom.
    private static final int FILE_ACTIONS_BYTES = 256;
    private static final int ATTR_BYTES = 512;
    private static final int SIGSET_BYTES = 128;

    private Spawner() {}

    /**
     * Starts {@code path} with the given argv and environment. The child's fd {@code i} is the
     * parent's fd {@code fds[i]}; every other fd is closed in the child. All signals are
     * unblocked and set to their default action in the child.
     *
     * @return the child's pid (as seen from the caller's PID namespace)
     */
    public static int spawn(String path, List<String> argv, List<String> env, int[] fds) throws ErrnoException {
        return spawn(path, argv, env, fds, false, false, null);
    }

    /**
     * As {@link #spawn(String, List, List, int[])}; with {@code newSession} the child also
     * leads a new session and process group, without a controlling terminal.
     */
    public static int spawn(String path, List<String> argv, List<String> env, int[] fds, boolean newSession)
            throws ErrnoException {
        return spawn(path, argv, env, fds, newSession, false, null);
    }

    /**
     * As {@link #spawn(String, List, List, int[])}; with {@code newProcessGroup} the child
     * leads a process group of its own (its pgid is its pid), so that it can be killed with
     * all the processes it started; with a {@code directory}, the child starts there (the
     * caller's working directory is not changed).
     */
    public static int spawn(String path, List<String> argv, List<String> env, int[] fds, boolean newProcessGroup,
            String directory) throws ErrnoException {
        return spawn(path, argv, env, fds, false, newProcessGroup, directory);
    }

    private static int spawn(String path, List<String> argv, List<String> env, int[] fds, boolean newSession,
            boolean newProcessGroup, String directory) throws ErrnoException {
        // dup2(fds[i], i) in order would clobber a source that sits in a later target's slot
        // (a caller started with few fds open, as under conmon): move such sources above the
        // slots first. The copies are close-on-exec and closed again below.
        int[] sources = fds.clone();
        java.util.List<Integer> copies = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < sources.length; i++) {
                if (sources[i] != i && sources[i] < sources.length) {
                    try {
                        sources[i] = LibC.fcntl(fds[i], F_DUPFD_CLOEXEC, sources.length);
                    } catch (com.sun.jna.LastErrorException e) {
                        throw new ErrnoException("fcntl(" + fds[i] + ", F_DUPFD_CLOEXEC)", e.getErrorCode());
                    }
                    copies.add(sources[i]);
                }
            }
            return spawnChecked(path, argv, env, sources, newSession, newProcessGroup, directory);
        } finally {
            copies.forEach(Syscalls::closeQuietly);
        }
    }

    private static int spawnChecked(String path, List<String> argv, List<String> env, int[] fds, boolean newSession,
            boolean newProcessGroup, String directory) throws ErrnoException {
        try (Memory actions = new Memory(FILE_ACTIONS_BYTES);
                Memory attr = new Memory(ATTR_BYTES);
                Memory emptySet = new Memory(SIGSET_BYTES);
                Memory fullSet = new Memory(SIGSET_BYTES)) {
            check("posix_spawn_file_actions_init", LibC.posix_spawn_file_actions_init(actions));
            check("posix_spawnattr_init", LibC.posix_spawnattr_init(attr));
            try {
                for (int i = 0; i < fds.length; i++) {
                    check("posix_spawn_file_actions_adddup2", LibC.posix_spawn_file_actions_adddup2(actions, fds[i], i));
                }
                check("posix_spawn_file_actions_addclosefrom_np",
                        LibC.posix_spawn_file_actions_addclosefrom_np(actions, fds.length));
                if (directory != null) {
                    check("posix_spawn_file_actions_addchdir_np(" + directory + ")",
                            LibC.posix_spawn_file_actions_addchdir_np(actions, directory));
                }
                LibC.sigemptyset(emptySet);
                LibC.sigfillset(fullSet);
                check("posix_spawnattr_setsigmask", LibC.posix_spawnattr_setsigmask(attr, emptySet));
                check("posix_spawnattr_setsigdefault", LibC.posix_spawnattr_setsigdefault(attr, fullSet));
                short flags = (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (newSession ? POSIX_SPAWN_SETSID : 0));
                if (newProcessGroup) {
                    check("posix_spawnattr_setpgroup", LibC.posix_spawnattr_setpgroup(attr, 0));
                    flags |= POSIX_SPAWN_SETPGROUP;
                }
                check("posix_spawnattr_setflags", LibC.posix_spawnattr_setflags(attr, flags));
                int[] pid = new int[1];
                int err = LibC.posix_spawn(pid, path, actions, attr,
                        NativeStrings.array(argv), NativeStrings.array(env));
                if (err != 0) {
                    throw new ErrnoException("posix_spawn(" + path + ")", err);
                }
                return pid[0];
            } finally {
                LibC.posix_spawn_file_actions_destroy(actions);
                LibC.posix_spawnattr_destroy(attr);
            }
        }
    }

    private static void check(String call, int err) throws ErrnoException {
        if (err != 0) {
            throw new ErrnoException(call, err);
        }
    }
}
