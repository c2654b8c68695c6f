package crate.runtime;

import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * While installed, SIGINT, SIGTERM and SIGHUP sent to crate are sent on to the container's
 * process instead of ending crate; crate then ends with the container's status. Signals
 * that come before the process exists (while the container is created) wait, as with runc:
 * they reach the process once it runs, and nothing is left half-created.
 */
final class SignalForwarder implements AutoCloseable {
    static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");

    private final List<JvmSignals.Installed> installed = new ArrayList<>();
    private final Queue<Integer> pending = new ConcurrentLinkedQueue<>();
    private volatile int target;

    private SignalForwarder() {}

    /** Forwards to {@code pid} from now on. */
    static SignalForwarder install(int pid) {
        SignalForwarder forwarder = install();
        forwarder.forwardTo(pid);
        return forwarder;
    }

    /** Holds the signals back until {@link #forwardTo}. */
    static SignalForwarder install() {
        SignalForwarder forwarder = new SignalForwarder();
        for (String name : FORWARDED) {
            forwarder.installed.add(JvmSignals.handle(name, forwarder::received));
        }
        return forwarder;
    }

    /** The process exists now: the signals held back go to it, and every later one. */
    void forwardTo(int pid) {
        target = pid;
        for (Integer signal = pending.poll(); signal != null; signal = pending.poll()) {
            forward(pid, signal);
        }
    }

    private void received(int signal) {
        int pid = target;
        if (pid > 0) {
            forward(pid, signal);
        } else {
            pending.add(signal);
            if (target > 0) {
                forwardTo(target); // forwardTo ran meanwhile and may have missed it
            }
        }
    }

    private static void forward(int pid, int signal) {
        try {
            Syscalls.kill(pid, signal);
        } catch (ErrnoException e) {
            // The container is already gone: its exit status is on its way.
        }
    }

    @Override
    public void close() {
        installed.forEach(JvmSignals.Installed::restore);
    }
}
