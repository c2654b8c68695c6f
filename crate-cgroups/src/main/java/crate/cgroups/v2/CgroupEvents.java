package crate.cgroups.v2;

import crate.api.CrateException;
import crate.cgroups.CgroupFiles;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waiting on a cgroup2 cgroup.events key ("populated", "frozen"). The kernel also signals
 * changes with poll(2) on that file, but a short sleep loop is simple and the waits are
 * brief: a freeze takes milliseconds, and an emptied cgroup as long as its processes' exit.
 */
final class CgroupEvents {
    private static final long POLL_MILLIS = 10;

    private CgroupEvents() {}

    /** Whether {@code key} reached {@code value} within {@code timeout}. */
    static boolean waitFor(Path cgroupDir, String key, long value, Duration timeout) throws CrateException {
        Path events = cgroupDir.resolve("cgroup.events");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Long current = CgroupFiles.readFlatKeyed(events).get(key);
            if (current == null || current == value) {
                // A kernel without the key (or a cgroup gone meanwhile) has nothing to wait for.
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrateException("interrupted while waiting for " + key + " " + value + " in " + events, e);
            }
        }
    }
}
