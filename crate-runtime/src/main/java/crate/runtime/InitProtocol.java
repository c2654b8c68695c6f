package crate.runtime;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.linux.ErrnoException;
import crate.linux.Fds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the runtime and {@code crate init} say to each other over two pipes.
 *
 * <ol>
 *   <li>runtime to init (init's fd 3): a 4-byte big-endian length and the container's
 *       context as JSON. Init blocks on this read, so it is also the signal to go on once
 *       the host side (cgroups, network) is ready. EOF instead means: give up.
 *   <li>init to runtime (init's fd 4, close-on-exec): nothing at all when the container's
 *       process was executed (the runtime reads EOF), or one failure: an exit status byte
 *       and a UTF-8 message.
 *   <li>only when {@code process.terminal} is true, init's fd 5 is a connected unix stream
 *       socket, the console socket: init sends the container's pty master over it (SCM_RIGHTS,
 *       with the payload "/dev/ptmx", as runc) and closes it. See {@link ConsoleSocket}.
 * </ol>
 */
final class InitProtocol {
    static final int CONTEXT_FD = 3;
    static final int REPORT_FD = 4;
    /** Present only when process.terminal is true. */
    static final int CONSOLE_FD = 5;
    private static final int MAX_CONTEXT_BYTES = 64 << 20;
    private static final int MAX_REPORT_BYTES = 64 << 10;

    private InitProtocol() {}

    record Failure(int exitStatus, String message) {}

    static void sendContext(int fd, ContainerContext context) throws ErrnoException {
        byte[] json = SpecJson.write(context);
        byte[] message = ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array();
        Fds.writeAll(fd, message);
    }

    /** In init: the context, or empty if the runtime went away without sending one. */
    static Optional<ContainerContext> receiveContext(int fd) throws CrateException {
        byte[] header = new byte[4];
        if (Fds.readFully(fd, header) < header.length) {
            return Optional.empty();
        }
        int length = ByteBuffer.wrap(header).getInt();
        if (length < 0 || length > MAX_CONTEXT_BYTES) {
            throw new CrateException("init: bad context length " + length);
        }
        byte[] json = new byte[length];
        if (Fds.readFully(fd, json) < length) {
            return Optional.empty();
        }
        return Optional.of(SpecJson.readContext(json));
    }

    static void reportFailure(int fd, int exitStatus, String message) throws ErrnoException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + Math.min(text.length, MAX_REPORT_BYTES - 1)];
        out[0] = (byte) exitStatus;
        System.arraycopy(text, 0, out, 1, out.length - 1);
        Fds.writeAll(fd, out);
    }

    /** In the runtime: blocks until init executed the container's process (empty) or failed. */
    static Optional<Failure> awaitExec(int fd) throws ErrnoException {
        byte[] buf = new byte[MAX_REPORT_BYTES];
        int n = Fds.readFully(fd, buf);
        if (n == 0) {
            return Optional.empty();
        }
        String message = n == 1 ? "the container's init failed without a message"
                : new String(Arrays.copyOfRange(buf, 1, n), StandardCharsets.UTF_8);
        return Optional.of(new Failure(buf[0] & 0xff, message));
    }
}
