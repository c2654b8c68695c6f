package crate.cgroups.v1;

import crate.api.CrateException;
import crate.linux.ErrnoException;
import java.time.Duration;

/** freezer.state of a v1 freezer cgroup. */
final class Freezer {
    static final String STATE = "freezer.state";
    static final String FROZEN = "FROZEN";
    static final String FREEZING = "FREEZING";
    static final String THAWED = "THAWED";
    static final int ATTEMPTS = 1000;

    private Freezer() {}

    /**
     * Writes FROZEN until the kernel reports FROZEN. A v1 freezer can stay in FREEZING while
     * processes fork or join; the kernel docs said to retry, so this retries like runc does
     * (with an occasional thaw and pause so that new processes settle), then gives up and
     * thaws, because a half-frozen cgroup is worse than a running one.
     */
    static void freeze(CgroupFiles dir) throws CrateException {
        boolean frozen = false;
        try {
            for (int i = 0; i < ATTEMPTS; i++) {
                if (i % 50 == 49) {
                    dir.write(STATE, THAWED);
                    sleep(Duration.ofMillis(10));
                }
                dir.write(STATE, FROZEN);
                if (i % 25 == 24) {
                    sleep(Duration.ofNanos(10_000));
                }
                String state = dir.read(STATE);
                switch (state) {
                    case FREEZING -> {
                        continue;
                    }
                    case FROZEN -> {
                        frozen = true;
                        return;
                    }
                    default -> throw new CrateException("unexpected freezer state " + state + " of " + dir.where()
                            + " while freezing");
                }
            }
            throw new CrateException("cannot freeze " + dir.where() + ": still FREEZING after " + ATTEMPTS
                    + " attempts (processes keep appearing?)");
        } finally {
            if (!frozen) {
                thawQuietly(dir);
            }
        }
    }

    static void thaw(CgroupFiles dir) throws CrateException {
        dir.write(STATE, THAWED);
    }

    /** FROZEN, or FREEZING (on its way there). */
    static boolean frozen(CgroupFiles dir) throws CrateException {
        String state = dir.read(STATE);
        return state.equals(FROZEN) || state.equals(FREEZING);
    }

    private static void thawQuietly(CgroupFiles dir) {
        try {
            dir.write(STATE, THAWED);
        } catch (ErrnoException e) {
            // The freeze error is the one to report; this thaw is only a best effort.
        }
    }

    private static void sleep(Duration duration) throws CrateException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted while freezing", e);
        }
    }
}
