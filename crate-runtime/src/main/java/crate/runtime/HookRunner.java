package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Hook;
import crate.api.spec.Hooks;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.Spawner;
import crate.linux.Syscalls;
import crate.linux.WaitStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runtime-spec hooks (config.md, "POSIX-platform Hooks"): each hook's {@code path}
 * with exactly its {@code args} (args[0] is argv[0]) and exactly its {@code env} (nothing
 * inherited), the container's state as JSON on its stdin, killed with SIGKILL (it and its
 * process group) and reaped when its {@code timeout} runs out. A hook fails when it exits
 * non-zero, is killed by a signal, times out or cannot be executed; the failure names the
 * hook's kind, path, status and the first line it wrote to stderr.
 *
 * <p>The hooks are started with posix_spawn from the calling thread, so they run in that
 * thread's namespaces and with its credentials: on the host for the runtime's hooks, in the
 * container for those that {@code crate init} runs.
 */
public final class HookRunner {
    private static final int SIGKILL = 9;
    private static final int CAPTURE_BYTES = 64 << 10;
    private static final long LAST_OUTPUT_MILLIS = 200;
    private static final long MAX_POLL_MILLIS = 50;

    private HookRunner() {}

    /** The six hook lists, in lifecycle order. */
    public enum Kind {
        PRESTART("prestart", true),
        CREATE_RUNTIME("createRuntime", true),
        CREATE_CONTAINER("createContainer", false),
        START_CONTAINER("startContainer", false),
        POSTSTART("poststart", true),
        POSTSTOP("poststop", true);

        private final String specName;
        private final boolean inRuntimeNamespace;

        Kind(String specName, boolean inRuntimeNamespace) {
            this.specName = specName;
            this.inRuntimeNamespace = inRuntimeNamespace;
        }

        /**
         * Where a hook of this kind starts: the bundle for the runtime's hooks, as runc (which
         * works in the bundle directory); the caller's own directory for those run in the
         * container (init: the rootfs before pivot_root, the process's cwd after).
         */
        String directory(State state) {
            return inRuntimeNamespace ? state.bundle() : null;
        }

        /** The name in config.json's {@code hooks} object. */
        public String specName() {
            return specName;
        }

        /** The spec's hooks of this kind, in order (empty if none). */
        public List<Hook> of(Spec spec) {
            // A switch rather than method references: no lambda bootstrap on init's path.
            Hooks hooks = spec.hooksOrNone();
            return switch (this) {
                case PRESTART -> hooks.prestart();
                case CREATE_RUNTIME -> hooks.createRuntime();
                case CREATE_CONTAINER -> hooks.createContainer();
                case START_CONTAINER -> hooks.startContainer();
                case POSTSTART -> hooks.poststart();
                case POSTSTOP -> hooks.poststop();
            };
        }
    }

    /** The state a hook of {@code context} reads on stdin. */
    public static State state(ContainerContext context, State.Status status, int pid) {
        Spec spec = context.spec();
        return new State(spec.ociVersion(), context.id(), status, pid, context.bundle(), spec.annotations());
    }

    /**
     * Runs the spec's hooks of {@code kind} in order and stops at the first that fails: for
     * the hooks whose failure must fail the operation (prestart, createRuntime,
     * createContainer, startContainer).
     *
     * @throws CrateException naming the hook that failed and how
     */
    public static void run(Kind kind, Spec spec, State state) throws CrateException {
        List<Hook> hooks = kind.of(spec);
        if (hooks.isEmpty()) {
            return;
        }
        byte[] json = SpecJson.writeState(state);
        for (Hook hook : hooks) {
            runOne(kind, hook, json, kind.directory(state));
        }
    }

    /**
     * Runs every hook of {@code kind}, whatever fails: for poststart and poststop, whose
     * failures the spec turns into warnings.
     *
     * @return one warning per hook that failed, empty if all succeeded
     */
    public static List<String> runAll(Kind kind, Spec spec, State state) {
        List<Hook> hooks = kind.of(spec);
        if (hooks.isEmpty()) {
            return List.of();
        }
        byte[] json = SpecJson.writeState(state);
        List<String> warnings = new ArrayList<>();
        for (Hook hook : hooks) {
            try {
                runOne(kind, hook, json, kind.directory(state));
            } catch (CrateException e) {
                warnings.add(e.getMessage());
            }
        }
        return warnings;
    }

    /** The argv of a hook: its args, or its path alone when it has none (as Go's exec does for runc). */
    static List<String> argv(Hook hook) {
        return hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
    }

    /**
     * The prestart and createRuntime hooks, on the host, once init has set up the
     * container's mounts and waits before pivot_root (see {@link InitProtocol}). A hook that
     * fails fails the operation: the caller then kills init and releases everything.
     */
    static void runtimeHooks(ContainerContext context, int pid, int toInit, int fromInit) throws CrateException {
        if (!InitProtocol.stopsForRuntimeHooks(context.spec())) {
            return;
        }
        Optional<InitProtocol.Failure> failure = InitProtocol.awaitStep(fromInit, "its mounts were ready for the hooks");
        if (failure.isPresent()) {
            throw new CrateException(failure.get().message(), failure.get().exitStatus());
        }
        State state = state(context, State.Status.CREATING, pid);
        run(Kind.PRESTART, context.spec(), state);
        run(Kind.CREATE_RUNTIME, context.spec(), state);
        InitProtocol.proceed(toInit);
    }

    /** The spec makes a failed poststart or poststop hook a warning: one line on stderr each. */
    static void warn(List<String> warnings) {
        for (String warning : warnings) {
            System.err.println("crate: warning: " + warning);
        }
    }

    private static void runOne(Kind kind, Hook hook, byte[] state, String directory) throws CrateException {
        String what = kind.specName() + " hook " + hook.path();
        try (OpenFds open = new OpenFds()) {
            int[] stdin = open.pipe();
            int[] stdout = open.pipe();
            int[] stderr = open.pipe();
            int pid;
            try {
                pid = Spawner.spawn(hook.path(), argv(hook), hook.env(), new int[] {stdin[0], stdout[1], stderr[1]}, true,
                        directory);
            } catch (ErrnoException e) {
                throw new CrateException(what + " cannot be executed: " + Errno.describe(e.errno()));
            }
            open.close(stdin[0], stdout[1], stderr[1]);
            // Each thread owns its end from here on and closes it: a hook's child that
            // outlives it may hold the pipes open for long, and the fd must not be reused
            // under a thread still reading it.
            open.release(stdin[1]);
            Thread.ofPlatform().daemon().name("crate-hook-stdin").start(() -> feed(stdin[1], state));
            open.release(stdout[0]);
            Capture out = Capture.start(stdout[0]);
            open.release(stderr[0]);
            Capture err = Capture.start(stderr[0]);
            Optional<WaitStatus> status = await(pid, hook.timeout(), what);
            out.awaitEnd();
            String firstLine = firstLine(err.awaitEnd());
            if (status.isEmpty()) {
                throw new CrateException(what + " timed out after " + hook.timeout() + " s and was killed"
                        + (firstLine.isEmpty() ? "" : ": " + firstLine));
            }
            WaitStatus ended = status.get();
            if (ended.exited() && ended.exitCode() == 0) {
                return;
            }
            String how = ended.signaled() ? "killed by signal " + ended.signal() : "exit status " + ended.exitCode();
            throw new CrateException(what + " failed: " + how + (firstLine.isEmpty() ? "" : ": " + firstLine));
        }
    }

    /**
     * Waits for the hook; after {@code timeoutSeconds} kills its process group and reaps it.
     * The hook is not reaped before the kill, so its pid (and pgid) cannot have been reused.
     *
     * @return its wait status, or empty if it timed out
     */
    private static Optional<WaitStatus> await(int pid, Integer timeoutSeconds, String what) throws CrateException {
        if (timeoutSeconds == null) {
            return Optional.of(Syscalls.waitpid(pid));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long pause = 1;
        try {
            while (true) {
                Optional<WaitStatus> status = Syscalls.waitpidNoHang(pid);
                if (status.isPresent()) {
                    return status;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    killAndReap(pid);
                    return Optional.empty();
                }
                Thread.sleep(Math.min(pause, left));
                pause = Math.min(pause * 2, MAX_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            killAndReap(pid);
            Thread.currentThread().interrupt();
            throw new CrateException(what + ": interrupted while waiting for it");
        }
    }

    private static void killAndReap(int pid) throws ErrnoException {
        for (int target : new int[] {-pid, pid}) {
            try {
                Syscalls.kill(target, SIGKILL);
            } catch (ErrnoException e) {
                // ESRCH: the group is empty or the hook left it; the other kill covers it.
            }
        }
        Syscalls.waitpid(pid);
    }

    private static void feed(int fd, byte[] state) {
        try {
            Fds.writeAll(fd, state);
        } catch (ErrnoException e) {
            // EPIPE: the hook ended without reading its stdin, which it may.
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }

    static String firstLine(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
    }

    /** Drains one of the hook's output pipes on a thread of its own, keeping the first 64 KiB. */
    private static final class Capture {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        private Capture(int fd) {
            thread = Thread.ofPlatform().daemon().name("crate-hook-output").unstarted(() -> drain(fd));
        }

        static Capture start(int fd) {
            Capture capture = new Capture(fd);
            capture.thread.start();
            return capture;
        }

        private void drain(int fd) {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = Fds.read(fd, buf)) > 0) {
                    synchronized (kept) {
                        kept.write(buf, 0, Math.max(0, Math.min(n, CAPTURE_BYTES - kept.size())));
                    }
                }
            } catch (ErrnoException e) {
                // Nothing more to read.
            } finally {
                Syscalls.closeQuietly(fd);
            }
        }

        /**
         * What was written, once the pipe is at its end: at once when the hook and its
         * children are gone, after a short wait when a child of the hook still holds it.
         */
        String awaitEnd() throws CrateException {
            try {
                thread.join(LAST_OUTPUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrateException("interrupted while reading a hook's output");
            }
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
