package crate.runtime;

import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While installed, SIGINT, SIGTERM and SIGHUP sent to crate are sent on to the container's
 * process instead of ending crate; crate then ends with the container's status.
 */
final class SignalForwarder implements AutoCloseable {
    static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalForwarder() {}

    static SignalForwarder install(int pid) {
        SignalForwarder forwarder = new SignalForwarder();
        for (String name : FORWARDED) {
            Signal signal = new Signal(name);
            forwarder.previous.put(signal, Signal.handle(signal, s -> forward(pid, s)));
        }
        return forwarder;
    }

    private static void forward(int pid, Signal signal) {
        try {
            Syscalls.kill(pid, signal.getNumber());
        } catch (ErrnoException e) {
            // The container is already gone: its exit status is on its way.
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
