package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Spec;
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
 *   <li>runtime to init (init's fd 3): 4 bytes of flags, a 4-byte big-endian length and
 *       the container's context as JSON. Init blocks on this read, so it is also the signal
 *       to go on once the host side (cgroups, network) is ready. EOF instead means: give up.
 *   <li>only when the spec has {@code prestart} or {@code createRuntime} hooks, which run on
 *       the host after init has set up the container's mounts and before pivot_root: init
 *       sends one 0 byte on fd 4 when its mounts are ready and blocks reading fd 3; the runtime
 *       runs the hooks and answers with one 0 byte, or closes fd 3 if they failed.
 *   <li>with {@link #CGROUP}: init pauses twice around its unshare of the cgroup namespace
 *       (a joining init: once before execve), as for the hooks: a 0 byte on fd 4, then it
 *       blocks reading fd 3 until the runtime has moved it.
 *   <li>init to runtime (init's fd 4, close-on-exec): nothing at all when the container's
 *       process was executed (the runtime reads EOF); one zero byte when init is ready and
 *       waits for {@code start} on the exec FIFO ({@link #WAIT_FOR_START}); or one
 *       failure: an exit status byte (never 0) and a UTF-8 message.
 *   <li>only when {@code process.terminal} is true, a connected unix stream socket, the
 *       console socket, follows init's other fds ({@link Request#consoleFd()}): init sends
 *       the container's pty master over it (SCM_RIGHTS, with the payload "/dev/ptmx", as
 *       runc) and closes it. See {@link ConsoleSocket}.
 * </ol>
 *
 * <p>With {@link #WAIT_FOR_START}, init's fd 5 is an O_PATH fd of the container's exec
 * FIFO. When ready, init reopens it for writing through /proc/self/fd, which blocks until
 * {@code crate start} opens it for reading, writes {@link #STARTED} and executes the
 * process. It keeps the FIFO open, close-on-exec, so start sees end of file once the process
 * runs, or {@link #NOT_EXECUTED} if init failed before (a startContainer hook, execve).
 *
 * <p>The fd numbers here are those of an init that passes no fds on to the container's
 * process; with N passed fds ({@code --preserve-fds}), each is N higher ({@link InitFds}).
 */
final class InitProtocol {
    static final int CONTEXT_FD = 3;
    static final int REPORT_FD = 4;
    static final int EXEC_FIFO_FD = 5;
    /** Flag: report ready, then wait on the exec FIFO (create) instead of executing at once (run). */
    static final int WAIT_FOR_START = 1;
    /**
     * Flag: join a running container ({@code crate exec}) instead of creating one. Init's
     * fd 5 is then the container's mount namespace, which it joins itself: the spawning
     * thread cannot, or the image's java would not be found.
     */
    static final int JOIN = 2;
    static final int MOUNT_NAMESPACE_FD = 5;
    /**
     * Flag: the container has a cgroup. A new init pauses right before it unshares the cgroup
     * namespace, while the runtime moves it into the container's cgroup for that moment
     * ({@link crate.api.spi.ContainerCgroup#visit}), and right after, while the runtime moves
     * it back out: the namespace's root is the container's cgroup, the JVM's memory is not
     * charged to it. Init joins the cgroup for good when it reports ready. A joining init
     * ({@link #JOIN}) pauses before it executes the process, while the runtime moves it in.
     */
    static final int CGROUP = 4;
    /** On the exec FIFO: start has come. */
    static final byte STARTED = '0';
    /** On the exec FIFO, after {@link #STARTED}: init failed and will not execute the process. */
    static final byte NOT_EXECUTED = 'F';
    private static final int MAX_CONTEXT_BYTES = 64 << 20;
    private static final int MAX_REPORT_BYTES = 64 << 10;
    private static final byte STEP_REACHED = 0;

    private InitProtocol() {}

    record Failure(int exitStatus, String message) {}

    /** What the runtime hears back: executed, ready (waiting for start), or a failure. */
    sealed interface Outcome {}

    record Executed() implements Outcome {}

    record Ready() implements Outcome {}

    record Failed(Failure failure) implements Outcome {}

    /** What init receives: the context and the flags. */
    record Request(ContainerContext context, int flags) {
        boolean waitForStart() {
            return (flags & WAIT_FOR_START) != 0;
        }

        boolean join() {
            return (flags & JOIN) != 0;
        }

        boolean cgroup() {
            return (flags & CGROUP) != 0;
        }

        /** The console socket's fd, with process.terminal: after the exec FIFO or mount namespace fd, if any. */
        int consoleFd() {
            return (flags & (WAIT_FOR_START | JOIN)) != 0 ? 6 : 5;
        }
    }

    static void sendContext(int fd, ContainerContext context, int flags) throws ErrnoException {
        byte[] json = SpecJson.write(context);
        byte[] message = ByteBuffer.allocate(8 + json.length).putInt(flags).putInt(json.length).put(json).array();
        Fds.writeAll(fd, message);
    }

    /** In init: the request, or empty if the runtime went away without sending one. */
    static Optional<Request> receiveRequest(int fd) throws CrateException {
        byte[] header = new byte[8];
        if (Fds.readFully(fd, header) < header.length) {
            return Optional.empty();
        }
        ByteBuffer fields = ByteBuffer.wrap(header);
        int flags = fields.getInt();
        int length = fields.getInt();
        if (length < 0 || length > MAX_CONTEXT_BYTES) {
            throw new CrateException("init: bad context length " + length);
        }
        byte[] json = new byte[length];
        if (Fds.readFully(fd, json) < length) {
            return Optional.empty();
        }
        return Optional.of(new Request(SpecJson.readContext(json), flags));
    }

    static void reportReady(int fd) throws ErrnoException {
        Fds.writeAll(fd, new byte[] {0});
    }

    static void reportFailure(int fd, int exitStatus, String message) throws ErrnoException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + Math.min(text.length, MAX_REPORT_BYTES - 1)];
        out[0] = (byte) exitStatus;
        System.arraycopy(text, 0, out, 1, out.length - 1);
        Fds.writeAll(fd, out);
    }

    /** In the runtime: blocks until init executed the container's process, is ready, or failed. */
    static Outcome await(int fd) throws ErrnoException {
        byte[] buf = new byte[MAX_REPORT_BYTES];
        int n = Fds.readFully(fd, buf);
        if (n == 0) {
            return new Executed();
        }
        if (buf[0] == 0) {
            return new Ready();
        }
        return new Failed(failure(buf, n));
    }

    private static Failure failure(byte[] buf, int n) {
        String message = n == 1 ? "the container's init failed without a message"
                : new String(Arrays.copyOfRange(buf, 1, n), StandardCharsets.UTF_8);
        return new Failure(buf[0] & 0xff, message);
    }

    /** In the runtime, for run: empty once init executed the process, or its failure. */
    static Optional<Failure> awaitExec(int fd) throws ErrnoException {
        return switch (await(fd)) {
            case Executed e -> Optional.empty();
            case Failed f -> Optional.of(f.failure());
            case Ready r -> Optional.of(new Failure(CrateException.RUNTIME_ERROR, "init waits for start unasked"));
        };
    }

    /** Both sides: whether init stops for the runtime's hooks (see the class comment). */
    static boolean stopsForRuntimeHooks(Spec spec) {
        return !spec.hooksOrNone().prestart().isEmpty() || !spec.hooksOrNone().createRuntime().isEmpty();
    }

    /**
     * In init: tells the runtime that a step is reached (its mounts are ready for the hooks,
     * it is about to unshare the cgroup namespace, ...) and waits until the runtime lets it go on.
     *
     * @return false if the runtime gave up (its hooks failed, or it is gone)
     */
    static boolean pauseForRuntime(int reportFd, int contextFd) throws ErrnoException {
        Fds.writeAll(reportFd, new byte[] {STEP_REACHED});
        return Fds.readFully(contextFd, new byte[1]) == 1;
    }

    /**
     * In the runtime: blocks until init reached the step it pauses at (empty), or failed before.
     *
     * @param step what init was to reach, for the error when it ended before
     */
    static Optional<Failure> awaitStep(int fd, String step) throws ErrnoException {
        byte[] first = new byte[1];
        if (Fds.readFully(fd, first) == 0) {
            return Optional.of(new Failure(CrateException.RUNTIME_ERROR, "the container's init ended before " + step));
        }
        if (first[0] == STEP_REACHED) {
            return Optional.empty();
        }
        byte[] rest = new byte[MAX_REPORT_BYTES - 1];
        int n = Fds.readFully(fd, rest);
        byte[] buf = new byte[1 + n];
        buf[0] = first[0];
        System.arraycopy(rest, 0, buf, 1, n);
        return Optional.of(failure(buf, buf.length));
    }

    /** In the runtime: init may go on from the step it paused at. */
    static void proceed(int fd) throws ErrnoException {
        Fds.writeAll(fd, new byte[] {STEP_REACHED});
    }
}
