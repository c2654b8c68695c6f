package crate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A container's init, seen through /proc: alive or not, identified by pid AND start time,
 * since the kernel reuses pids once a process is reaped.
 */
final class InitProcess {
    /** Reads of a stat that fails while the pid's directory exists (see {@link #stat(int)}). */
    private static final int STAT_ATTEMPTS = 5;

    private InitProcess() {}

    /** The process's start time in clock ticks after boot, or empty if there is no such process. */
    static Optional<Long> startTime(int pid) {
        return stat(pid).map(fields -> Long.parseLong(fields[19]));
    }

    /**
     * True if {@code pid} exists, is the process that was started at {@code startTime}, and
     * has not ended (a zombie has). Init's execve comes from a JVM thread that is not the
     * thread group's leader: while the kernel hands the pid over to it, the old leader shows
     * as a zombie for an instant, though the process lives on; its other task gives it away.
     * The hand-over may also complete between the two reads, leaving one task that is no
     * zombie any more: the stat is read again then. (Init execs the start gate right after
     * it reports ready, while the runtime checks on it: this race is met.)
     */
    static boolean alive(int pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        Optional<String[]> fields = stat(pid, startTime);
        if (fields.isEmpty()) {
            return false;
        }
        return living(fields.get()) || otherTasks(pid) || stat(pid, startTime).filter(InitProcess::living).isPresent();
    }

    /** The stat fields of {@code pid} if it is the process started at {@code startTime}. */
    private static Optional<String[]> stat(int pid, long startTime) {
        return stat(pid).filter(f -> Long.parseLong(f[19]) == startTime);
    }

    /** Whether a process's state (the first of the stat fields) is other than zombie or dead. */
    private static boolean living(String[] fields) {
        return !(fields[0].equals("Z") || fields[0].equals("X"));
    }

    /** Whether the process has a task besides its leader (a thread that lives on). */
    private static boolean otherTasks(int pid) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.anyMatch(task -> !task.getFileName().toString().equals(Integer.toString(pid)));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The fields of /proc/PID/stat after the command name (which may hold spaces and
     * parentheses): index 0 is the state (field 3), index 19 the start time (field 22).
     */
    private static Optional<String[]> stat(int pid) {
        Path file = Path.of("/proc/" + pid + "/stat");
        for (int attempt = 1; ; attempt++) {
            try {
                String stat = Files.readString(file);
                return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", 0));
            } catch (IOException e) {
                // While a thread other than the leader execs, the pid's stat may fail to read
                // for an instant though the process lives on (its /proc directory stays).
                if (attempt == STAT_ATTEMPTS || !Files.isDirectory(file.getParent())) {
                    return Optional.empty();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /** Ends {@code pid}, a child of this process that was never reaped, with SIGKILL and reaps it. */
    static void killAndReap(int pid) {
        try {
            crate.linux.Syscalls.kill(pid, crate.linux.Signals.SIGKILL);
            crate.linux.Syscalls.waitpid(pid);
        } catch (crate.linux.ErrnoException e) {
            // Already gone.
        }
    }
}
