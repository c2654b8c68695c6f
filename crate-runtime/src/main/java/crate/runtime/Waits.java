package crate.runtime;

import crate.api.CrateException;

/** The runtime polls /proc and FIFOs (no daemon, no events to wait on): its one sleep. */
final class Waits {
    private Waits() {}

    static void sleep(long millis) throws CrateException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted");
        }
    }
}
