package crate.linux.netlink;

import crate.api.CrateException;
import crate.linux.ErrnoException;
import crate.linux.Namespace;
import crate.linux.Syscalls;
import java.io.Serial;
import java.nio.file.Path;

/**
 * Runs code with the current thread in another network namespace, then brings the thread
 * back. setns(CLONE_NEWNET) moves only the calling thread; the rest of the JVM stays where
 * it is. Sockets opened meanwhile (an {@link RtNetlink} among them) stay in the namespace
 * they were opened in after the thread has left it.
 *
 * <p>Use it on a thread that does nothing else meanwhile, and never hand work to other
 * threads from inside (they run in the original namespace). If the thread cannot be brought
 * back, an {@link Error} is thrown: a thread left in a wrong namespace must not be reused.
 */
public final class NetNs {
    private static final String SELF = "/proc/thread-self/ns/net";

    /** What runs inside; it may throw one checked exception type of its own. */
    @FunctionalInterface
    public interface Action<T, E extends Exception> {
        T run() throws E, CrateException;
    }

    private NetNs() {}

    public static <T, E extends Exception> T inside(Path nsFile, Action<T, E> action) throws E, CrateException {
        int original = Syscalls.open(SELF, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
        try {
            int target = Syscalls.open(nsFile.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
            try {
                Syscalls.setns(target, Namespace.NETWORK, nsFile.toString());
            } finally {
                Syscalls.closeQuietly(target);
            }
            try {
                return action.run();
            } finally {
                restore(original);
            }
        } finally {
            Syscalls.closeQuietly(original);
        }
    }

    private static void restore(int original) {
        try {
            Syscalls.setns(original, Namespace.NETWORK, SELF);
        } catch (ErrnoException e) {
            throw new NamespaceRestoreError(e);
        }
    }

    /** The thread could not return to its network namespace. */
    private static final class NamespaceRestoreError extends Error {
        @Serial private static final long serialVersionUID = 1L;

        NamespaceRestoreError(ErrnoException cause) {
            super("netlink: cannot return the thread " + Thread.currentThread().getName()
                    + " to its network namespace: " + cause.getMessage(), cause);
        }
    }
}
