package crate.network.bridge;

import crate.api.CrateException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The steps of one attach and how to undo each: when a step fails, what the earlier steps did
 * is undone, last first, and the failure names the step. An undo that fails too is kept as a
 * suppressed exception of the failure; the other undos still run.
 */
final class Rollback {

    /** One step's work. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    /** Undoes one step's work. */
    @FunctionalInterface
    interface Undo {
        void run() throws Exception;
    }

    private record Done(String what, Undo undo) {}

    private final String prefix;
    private final Deque<Done> done = new ArrayDeque<>();

    /** @param prefix begins every failure's message ("network bridge: container x") */
    Rollback(String prefix) {
        this.prefix = prefix;
    }

    /** Runs {@code step}; if it fails, undoes everything registered so far and throws. */
    <T> T run(String step, Step<T> work) throws CrateException {
        try {
            return work.run();
        } catch (Exception e) {
            CrateException failure = new CrateException(prefix + ": " + step + " failed: " + message(e), e);
            undoAll(failure);
            throw failure;
        }
    }

    /** As {@link #run(String, Step)} for a step without a result. */
    void run(String step, Undo work) throws CrateException {
        run(step, () -> {
            work.run();
            return null;
        });
    }

    /** Registers how to undo a step that succeeded ({@code what}: "delete veth x"). */
    void onFailure(String what, Undo undo) {
        done.push(new Done(what, undo));
    }

    private void undoAll(CrateException failure) {
        while (!done.isEmpty()) {
            Done step = done.pop();
            try {
                step.undo().run();
            } catch (Exception e) {
                failure.addSuppressed(new CrateException("undo: " + step.what() + " failed: " + message(e), e));
            }
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
