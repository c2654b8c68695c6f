package crate.runtime;

import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.util.ArrayList;
import java.util.List;

/**
 * While installed, SIGINT, SIGTERM and SIGHUP sent to crate are sent on to the container's
 * process instead of ending crate; crate then ends with the container's status.
 */
final class SignalForwarder implements AutoCloseable {
    static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");

    private final List<JvmSignals.Installed> installed = new ArrayList<>();

    private SignalForwarder() {}

    static SignalForwarder install(int pid) {
        SignalForwarder forwarder = new SignalForwarder();
        for (String name : FORWARDED) {
            forwarder.installed.add(JvmSignals.handle(name, signal -> forward(pid, signal)));
        }
        return forwarder;
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
