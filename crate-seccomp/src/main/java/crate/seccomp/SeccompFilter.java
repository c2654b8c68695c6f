package crate.seccomp;

import crate.api.CrateException;
import crate.api.spec.Linux;
import crate.api.spec.LinuxSeccomp;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Seccomp;
import crate.linux.Syscalls;
import crate.linux.UnixSocket;
import crate.seccomp.compiler.Arch;
import crate.seccomp.compiler.Filter;
import crate.seccomp.compiler.FilterCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The container's {@code linux.seccomp}: checked (compiled) on the host before anything
 * exists, compiled again and installed in init on the thread that execve's the process.
 *
 * <p>SCMP_ACT_NOTIFY, as runc: init connects to {@code listenerPath} while the host's file
 * system is still its root (the isolators' mount phase, before pivot_root), installs the
 * filter with SECCOMP_FILTER_FLAG_NEW_LISTENER and sends the listener fd over that socket
 * (SCM_RIGHTS) with the container process state, {@code {"ociVersion", "fds":
 * ["seccompFd"], "pid", "metadata", "state"}}. Init is one process per container, so the
 * connection waits in a static field between the two phases.
 */
final class SeccompFilter {
    private static int listener = -1;
    private static int hostPid;

    private SeccompFilter() {}

    static LinuxSeccomp of(Spec spec) {
        Linux linux = spec.linux();
        return linux == null ? null : linux.seccomp();
    }

    /** Compiles the filter, so that a bad profile fails {@code create} with a clear message. */
    static void check(Spec spec) throws CrateException {
        LinuxSeccomp seccomp = of(spec);
        if (seccomp != null) {
            FilterCompiler.compile(seccomp, Arch.host());
        }
    }

    /** Inside init, before pivot_root: connects to the notify listener if the profile has one. */
    static void connectListener(ContainerContext container) throws CrateException {
        LinuxSeccomp seccomp = of(container.spec());
        if (seccomp == null || seccomp.syscalls().stream().noneMatch(s -> "SCMP_ACT_NOTIFY".equals(s.action()))) {
            return;
        }
        try {
            // The host's /proc is still mounted: its /proc/self is init's pid as the host sees it.
            hostPid = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | NumberFormatException e) {
            throw new CrateException("linux.seccomp: SCMP_ACT_NOTIFY: cannot read init's pid from /proc/self: " + e, e);
        }
        try {
            listener = UnixSocket.connect(seccomp.listenerPath());
        } catch (ErrnoException e) {
            throw new CrateException("linux.seccomp.listenerPath " + seccomp.listenerPath() + ": cannot connect: "
                    + Errno.describe(e.errno()), e);
        }
    }

    /** Installs the filter on the calling thread (it needs CAP_SYS_ADMIN unless no_new_privs is set). */
    static void install(ContainerContext container) throws CrateException {
        LinuxSeccomp seccomp = of(container.spec());
        if (seccomp == null) {
            return;
        }
        Filter filter = FilterCompiler.compile(seccomp, Arch.host());
        if (filter.notifies() && listener < 0) {
            throw new CrateException("linux.seccomp: SCMP_ACT_NOTIFY is not supported for crate exec (the listener "
                    + seccomp.listenerPath() + " is out of reach from inside the container)");
        }
        int fd;
        try {
            fd = Seccomp.setModeFilter(filter.bytes(), filter.flags());
        } catch (ErrnoException e) {
            String hint = e.errno() == Errno.EINVAL ? " (a flag this kernel does not know?)" : "";
            throw new CrateException("linux.seccomp: installing the filter: " + Errno.describe(e.errno()) + hint, e);
        }
        if (filter.notifies()) {
            try {
                UnixSocket.sendFd(listener, fd, processState(container, seccomp, hostPid));
            } catch (ErrnoException e) {
                throw new CrateException("linux.seccomp.listenerPath " + seccomp.listenerPath()
                        + ": sending the seccomp fd: " + Errno.describe(e.errno()), e);
            } finally {
                Syscalls.closeQuietly(fd);
                Syscalls.closeQuietly(listener);
                listener = -1;
            }
        }
    }

    /** runtime-spec's container process state, as runc sends it with the listener fd. */
    static String processState(ContainerContext container, LinuxSeccomp seccomp, int pid) {
        StringBuilder annotations = new StringBuilder();
        for (Map.Entry<String, String> annotation : container.spec().annotations().entrySet()) {
            annotations.append(annotations.isEmpty() ? "" : ",").append(quote(annotation.getKey())).append(':')
                    .append(quote(annotation.getValue()));
        }
        String version = quote(Spec.OCI_VERSION);
        return "{\"ociVersion\":" + version + ",\"fds\":[\"seccompFd\"],\"pid\":" + pid + ",\"metadata\":"
                + quote(seccomp.listenerMetadata() == null ? "" : seccomp.listenerMetadata()) + ",\"state\":{\"ociVersion\":"
                + version + ",\"id\":" + quote(container.id()) + ",\"status\":\"creating\",\"pid\":" + pid + ",\"bundle\":"
                + quote(container.bundle()) + ",\"annotations\":{" + annotations + "}}}";
    }

    /** A JSON string (init has no Jackson on its path). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
