package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.ConsoleSize;
import crate.api.spi.ContainerContext;
import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.Pty;
import crate.linux.Syscalls;
import crate.linux.Termios;
import crate.linux.UnixSocket;
import crate.linux.WindowSize;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * crate as the container's console, when {@code process.terminal} is true and no
 * {@code --console-socket} is given ({@code crate run -t}, and {@code crate run --bundle} as
 * {@code runc run}): receives the pty master from init, puts crate's own terminal in raw mode
 * (restored by {@link #close()}, also on errors, and by a shutdown hook), copies stdin to the
 * master and the master to stdout on two threads, and passes crate's window size on, at
 * start and on SIGWINCH.
 */
final class ConsoleProxy implements AutoCloseable {
    private static final int BUFFER_BYTES = 8192;
    private static final int MAX_PAYLOAD = 4096;
    /** After the container ended: how long its last output may take to drain. */
    private static final long DRAIN_MILLIS = 2000;

    private final int master;
    private final int in;
    private final int out;
    private final int[] stopPipe;
    private final Optional<Termios> restore;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Thread shutdownHook;
    private final JvmSignals.Installed previousWinch;
    private final Thread input;
    private final Thread output;

    private ConsoleProxy(int master, int in, int out) throws ErrnoException {
        this.master = master;
        this.in = in;
        this.out = out;
        this.stopPipe = Fds.pipe();
        try {
            this.restore = rawMode(in);
        } catch (ErrnoException e) {
            Syscalls.closeQuietly(stopPipe[0]);
            Syscalls.closeQuietly(stopPipe[1]);
            throw e;
        }
        this.shutdownHook = new Thread(this::restoreTerminal, "crate-console-restore");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        resize();
        this.previousWinch = handleWinch(this::resize);
        this.input = Thread.ofPlatform().daemon().name("crate-console-in").start(this::copyInput);
        this.output = Thread.ofPlatform().daemon().name("crate-console-out").start(this::copyOutput);
    }

    /**
     * Gives the container crate's own terminal size when config.json sets none, so that the
     * process sees it from its first instruction (a resize after start would race with it).
     */
    static ContainerContext withHostSize(ContainerContext context, int in, int out) {
        var process = context.spec().process();
        if (process.consoleSize() != null) {
            return context;
        }
        Optional<WindowSize> size = hostSize(in, out);
        if (size.isEmpty() || size.get().rows() == 0 || size.get().columns() == 0) {
            return context;
        }
        var sized = process.withConsoleSize(new ConsoleSize(size.get().rows(), size.get().columns()));
        return context.withSpec(context.spec().withProcess(sized));
    }

    /**
     * Blocks until init sends the master over {@code socket}, then starts proxying between it
     * and {@code in} and {@code out}.
     *
     * @return empty when init ended (failed) before it sent a master
     */
    static Optional<ConsoleProxy> receive(int socket, int in, int out) throws CrateException {
        Optional<UnixSocket.Received> received = UnixSocket.receiveFd(socket, MAX_PAYLOAD);
        if (received.isEmpty()) {
            return Optional.empty();
        }
        int master = received.get().fd();
        try {
            return Optional.of(new ConsoleProxy(master, in, out));
        } catch (ErrnoException | RuntimeException e) {
            Syscalls.closeQuietly(master);
            throw e;
        }
    }

    /** After the container ended: waits (a bounded time) until its last output reached stdout. */
    void drain() {
        join(output, DRAIN_MILLIS);
    }

    /** Stops the copying, restores the terminal and the SIGWINCH handler. Idempotent. */
    @Override
    public void close() {
        restoreTerminal();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook restores the terminal (again, harmlessly).
        }
        if (previousWinch != null) {
            previousWinch.restore();
        }
        Syscalls.closeQuietly(stopPipe[1]); // wakes the input thread's poll
        join(input, DRAIN_MILLIS);
        join(output, DRAIN_MILLIS);
        // A thread still blocked on the master would read or write whatever a reused fd
        // number became: close it only when both ended (crate exits soon after either way).
        if (!input.isAlive() && !output.isAlive()) {
            Syscalls.closeQuietly(master);
            Syscalls.closeQuietly(stopPipe[0]);
        }
    }

    private static Optional<Termios> rawMode(int fd) throws ErrnoException {
        if (!Pty.isTerminal(fd)) {
            return Optional.empty();
        }
        Termios saved = Termios.of(fd);
        saved.raw().applyTo(fd);
        return Optional.of(saved);
    }

    private void restoreTerminal() {
        if (restore.isPresent() && restored.compareAndSet(false, true)) {
            try {
                restore.get().applyTo(in);
            } catch (ErrnoException e) {
                // The terminal is gone (hung up): nothing left to restore.
            }
        }
    }

    private static Optional<WindowSize> hostSize(int in, int out) {
        for (int fd : new int[] {in, out}) {
            if (Pty.isTerminal(fd)) {
                try {
                    return Optional.of(Pty.windowSize(fd));
                } catch (ErrnoException e) {
                    // try the next one
                }
            }
        }
        return Optional.empty();
    }

    private void resize() {
        Optional<WindowSize> size = hostSize(in, out);
        if (size.isPresent() && size.get().rows() > 0 && size.get().columns() > 0) {
            try {
                Pty.setWindowSize(master, size.get());
            } catch (ErrnoException e) {
                // The container is gone: nothing to resize.
            }
        }
    }

    /** @return the previous handler, or null when the JVM does not let crate handle SIGWINCH */
    private static JvmSignals.Installed handleWinch(Runnable action) {
        try {
            return JvmSignals.handle("WINCH", signal -> action.run());
        } catch (IllegalArgumentException e) {
            return null; // the size is passed at start only
        }
    }

    /** stdin to the master, until stdin ends or {@link #close()}. */
    private void copyInput() {
        byte[] buf = new byte[BUFFER_BYTES];
        try {
            while (Fds.awaitReadable(-1, stopPipe[0], in) == 1) {
                int n = Fds.read(in, buf);
                if (n == 0) {
                    return; // end of input: the container's process decides what follows
                }
                Fds.writeAll(master, n == buf.length ? buf : Arrays.copyOf(buf, n));
            }
        } catch (ErrnoException e) {
            // stdin or the master is gone: nothing more to copy
        }
    }

    /**
     * The master to stdout, until the container's side of the pty is closed (EIO). If stdout
     * goes away (EPIPE), the output is still read and dropped: a full pty would block the
     * container's writes for good.
     */
    private void copyOutput() {
        byte[] buf = new byte[BUFFER_BYTES];
        boolean audience = true;
        try {
            while (true) {
                int n = Fds.read(master, buf);
                if (n == 0) {
                    return;
                }
                if (audience) {
                    try {
                        Fds.writeAll(out, n == buf.length ? buf : Arrays.copyOf(buf, n));
                    } catch (ErrnoException e) {
                        audience = false;
                    }
                }
            }
        } catch (ErrnoException e) {
            // EIO: every fd of the container's side is closed, the container ended.
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
