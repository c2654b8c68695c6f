package crate.seccomp;

import crate.api.CrateException;
import crate.api.spec.Linux;
import crate.api.spec.LinuxSeccomp;
import crate.api.spec.Spec;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Seccomp;
import crate.seccomp.compiler.Arch;
import crate.seccomp.compiler.Filter;
import crate.seccomp.compiler.FilterCompiler;

/**
 * The container's {@code linux.seccomp}: checked (compiled) on the host before anything
 * exists, compiled again and installed in init on the thread that execve's the process.
 */
final class SeccompFilter {
    private SeccompFilter() {}

    static LinuxSeccomp of(Spec spec) {
        Linux linux = spec.linux();
        return linux == null ? null : linux.seccomp();
    }

    /** Compiles the filter, so that a bad profile fails {@code create} with a clear message. */
    static void check(Spec spec) throws CrateException {
        LinuxSeccomp seccomp = of(spec);
        if (seccomp != null) {
            compile(seccomp);
        }
    }

    private static Filter compile(LinuxSeccomp seccomp) throws CrateException {
        Filter filter = FilterCompiler.compile(seccomp, Arch.host());
        if (filter.notifies()) {
            throw new CrateException("linux.seccomp: SCMP_ACT_NOTIFY (listenerPath " + seccomp.listenerPath()
                    + ") is not supported by crate yet");
        }
        return filter;
    }

    /** Installs the filter on the calling thread (it needs CAP_SYS_ADMIN unless no_new_privs is set). */
    static void install(Spec spec) throws CrateException {
        LinuxSeccomp seccomp = of(spec);
        if (seccomp == null) {
            return;
        }
        Filter filter = compile(seccomp);
        try {
            Seccomp.setModeFilter(filter.bytes(), filter.flags());
        } catch (ErrnoException e) {
            String hint = e.errno() == Errno.EINVAL ? " (a flag this kernel does not know?)" : "";
            throw new CrateException("linux.seccomp: installing the filter: " + Errno.describe(e.errno()) + hint, e);
        }
    }
}
