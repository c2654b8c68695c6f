package crate.runtime;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fds a container's process gets besides 0, 1 and 2, as runc passes them: crate's own
 * fds from 3 on, first the socket-activation fds ({@code LISTEN_FDS}, when {@code LISTEN_PID}
 * names crate's process, as systemd sets them), then {@code --preserve-fds N} more. The
 * process finds them as its fds 3, 4, ... in the same order, without close-on-exec.
 */
public record PassedFds(int listenFds, int preservedFds) {
    public static final PassedFds NONE = new PassedFds(0, 0);
    private static final int FIRST = 3;

    public PassedFds {
        if (listenFds < 0 || preservedFds < 0) {
            throw new IllegalArgumentException("negative fd count: " + listenFds + ", " + preservedFds);
        }
    }

    /**
     * What crate's process passes: {@code preserveFds} after the socket-activation fds that
     * {@code env} announces for {@code pid}, each checked to be open here and crate's by
     * inheritance (see {@link #check}).
     *
     * @param socketActivation whether LISTEN_FDS counts (runc honours it for run and create, not exec)
     */
    public static PassedFds of(int preserveFds, boolean socketActivation, Map<String, String> env, long pid)
            throws CrateException {
        if (preserveFds < 0) {
            throw new CrateException("--preserve-fds " + preserveFds + ": must be 0 or more");
        }
        PassedFds passed = new PassedFds(socketActivation ? listenFds(env, pid) : 0, preserveFds);
        passed.check(Path.of("/proc/self/fd"), Path.of(System.getProperty("java.home")));
        return passed;
    }

    /**
     * sd_listen_fds(3): LISTEN_FDS counts the fds from 3 on when LISTEN_PID is this process's
     * pid; otherwise they were meant for another process (0).
     */
    static int listenFds(Map<String, String> env, long pid) {
        try {
            if (Long.parseLong(env.getOrDefault("LISTEN_PID", "")) != pid) {
                return 0;
            }
            return Math.max(0, Integer.parseInt(env.getOrDefault("LISTEN_FDS", "")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public int count() {
        return listenFds + preservedFds;
    }

    /** crate's fds to pass, in order: the container's process gets them as 3, 4, ... */
    int[] fds() {
        int[] fds = new int[count()];
        for (int i = 0; i < fds.length; i++) {
            fds[i] = FIRST + i;
        }
        return fds;
    }

    /**
     * The process's environment, with {@code LISTEN_FDS} and {@code LISTEN_PID=1} (it is PID 1 of
     * its namespace) when it gets socket-activation fds, as runc sets them.
     */
    public List<String> environment(List<String> env) {
        if (listenFds == 0) {
            return env;
        }
        List<String> out = new ArrayList<>(env);
        out.removeIf(e -> e.startsWith("LISTEN_FDS=") || e.startsWith("LISTEN_PID="));
        out.add("LISTEN_FDS=" + listenFds);
        out.add("LISTEN_PID=1");
        return out;
    }

    /**
     * Each fd must be open, and not one the JVM opened for itself: when crate is started
     * without fd 3, the JVM's first file (its runtime image, lib/modules) takes that number,
     * and must not be handed to the container as if it had been given to crate.
     *
     * @param fdDir this process's /proc/self/fd
     * @param javaHome the running JVM's image, whose files are the JVM's own
     */
    void check(Path fdDir, Path javaHome) throws CrateException {
        for (int i = 0; i < count(); i++) {
            int fd = FIRST + i;
            String what = i < listenFds ? "LISTEN_FDS=" + listenFds : "--preserve-fds " + preservedFds;
            Path target;
            try {
                target = Files.readSymbolicLink(fdDir.resolve(Integer.toString(fd)));
            } catch (NoSuchFileException e) {
                throw new CrateException(what + ": fd " + fd + " is not open (open the fds to pass, from 3 on, before crate starts)");
            } catch (IOException e) {
                throw new CrateException(what + ": cannot look at fd " + fd + ": " + e.getMessage());
            }
            if (target.startsWith(javaHome)) {
                throw new CrateException(what + ": fd " + fd + " is not open (its number went to the JVM's own "
                        + target + "; open the fds to pass, from 3 on, before crate starts)");
            }
        }
    }
}
