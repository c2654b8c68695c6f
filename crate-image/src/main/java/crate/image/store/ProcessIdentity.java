package crate.image.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process as pid plus start time (field 22 of /proc/PID/stat, clock ticks since boot): a
 * recycled pid has another start time, so a temporary entry named after its owner is not
 * mistaken for a live one.
 */
record ProcessIdentity(long pid, long startTime) {

    static ProcessIdentity current() {
        long pid = ProcessHandle.current().pid();
        return new ProcessIdentity(pid, startTimeOf(pid).orElseThrow(
                () -> new IllegalStateException("cannot read /proc/" + pid + "/stat")));
    }

    /** Whether this process is still running (the pid exists with the same start time). */
    boolean alive() {
        return startTimeOf(pid).equals(OptionalLong.of(startTime));
    }

    /** "PID-STARTTIME", the prefix of the temporary entries this process owns. */
    String tag() {
        return pid + "-" + startTime;
    }

    static OptionalLong startTimeOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // The command name (field 2) may hold spaces and parentheses: count after the last ")".
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
            return OptionalLong.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
