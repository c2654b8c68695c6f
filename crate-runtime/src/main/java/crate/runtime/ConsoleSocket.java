package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.ConsoleSize;
import crate.api.spec.Process;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import crate.linux.UnixSocket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The runtime's side of {@code process.terminal}: the unix stream socket that init sends the
 * container's pty master over (init's fd {@link InitProtocol.Request#consoleFd()}). Either the user's
 * {@code --console-socket}, connected here (runc's protocol: the receiver gets the master
 * with the payload "/dev/ptmx"), or a socketpair whose other end the runtime keeps, to be the
 * console itself ({@link ConsoleProxy}, as {@code runc run} in the foreground).
 *
 * <p>Usage: {@link #open} before the init is spawned, pass {@link #initEnd()} as the init's
 * fd 5, {@link #closeInitEnd()} right after the spawn (so that the runtime sees end of file
 * when init dies before sending), {@link #close()} at the end.
 */
public final class ConsoleSocket implements AutoCloseable {
    private static final int MAX_WINDOW = 0xffff;

    private int initEnd;
    private int receivingEnd;

    private ConsoleSocket(int initEnd, int receivingEnd) {
        this.initEnd = initEnd;
        this.receivingEnd = receivingEnd;
    }

    /**
     * runc's rules: a console socket without a terminal is an error, and so is a terminal
     * without a console socket when the runtime will not stay to be the console itself
     * ({@code detached}: create, run -d).
     */
    public static void check(Process process, Optional<Path> consoleSocket, boolean detached) throws CrateException {
        if (consoleSocket.isPresent() && !process.terminal()) {
            throw new CrateException("--console-socket " + consoleSocket.get()
                    + " is given but process.terminal is false: there is no terminal to send");
        }
        if (process.terminal() && consoleSocket.isEmpty() && detached) {
            throw new CrateException("process.terminal is true but no --console-socket is given: "
                    + "a detached container needs a socket to send its terminal to");
        }
        ConsoleSize size = process.consoleSize();
        if (process.terminal() && size != null
                && (size.height() < 0 || size.height() > MAX_WINDOW || size.width() < 0 || size.width() > MAX_WINDOW)) {
            throw new CrateException("config.json: process.consoleSize " + size.height() + "x" + size.width()
                    + " is out of range (0 to " + MAX_WINDOW + ")");
        }
    }

    /**
     * Checks the rules and opens the socket.
     *
     * @return empty when process.terminal is false (init gets no fd 5)
     */
    public static Optional<ConsoleSocket> open(Process process, Optional<Path> consoleSocket, boolean detached)
            throws CrateException {
        check(process, consoleSocket, detached);
        if (!process.terminal()) {
            return Optional.empty();
        }
        if (consoleSocket.isPresent()) {
            return Optional.of(connect(consoleSocket.get()));
        }
        int[] pair = UnixSocket.pair();
        return Optional.of(new ConsoleSocket(pair[0], pair[1]));
    }

    /** Connects to the user's console socket; the master goes there, the runtime receives nothing. */
    public static ConsoleSocket connect(Path path) throws CrateException {
        String where = path.toAbsolutePath().toString();
        try {
            return new ConsoleSocket(UnixSocket.connect(where), -1);
        } catch (ErrnoException e) {
            // ENOENT, ECONNREFUSED: the errno says it all; EINVAL (a path too long) needs the details.
            throw new CrateException("--console-socket " + path + ": cannot connect: "
                    + (e.errno() == Errno.EINVAL ? e.getMessage() : Errno.describe(e.errno())));
        }
    }

    /** The fd to pass to init as its {@link InitProtocol.Request#consoleFd()}. */
    public int initEnd() {
        if (initEnd < 0) {
            throw new IllegalStateException("the init's end was closed");
        }
        return initEnd;
    }

    /** The runtime's copy of the init's end: close it once init has its own. */
    public void closeInitEnd() {
        Syscalls.closeQuietly(initEnd);
        initEnd = -1;
    }

    /** The end the runtime receives the master on when it is the console itself; empty for a user's socket. */
    public OptionalInt receivingEnd() {
        return receivingEnd < 0 ? OptionalInt.empty() : OptionalInt.of(receivingEnd);
    }

    @Override
    public void close() {
        closeInitEnd();
        Syscalls.closeQuietly(receivingEnd);
        receivingEnd = -1;
    }
}
