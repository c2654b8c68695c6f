package crate.seccomp;

import crate.api.CrateException;
import crate.api.spec.Process;
import crate.api.spec.User;
import crate.api.spi.ContainerContext;
import crate.api.spi.Isolator;
import crate.linux.Syscalls;
import java.nio.file.Path;

/**
 * Switches init's thread to the container's user and groups, sets the umask and
 * no_new_privs. Raw syscalls: glibc's setresuid would change every thread of the JVM, and
 * only the thread that executes the container's process matters (design.md).
 */
public final class CredentialsIsolator implements Isolator {
    private static final int PR_SET_NO_NEW_PRIVS = 38;

    @Override
    public String name() {
        return "credentials";
    }

    @Override
    public int order() {
        return ORDER_CREDENTIALS;
    }

    @Override
    public void prepare(ContainerContext container) throws CrateException {
        User user = container.spec().process().user();
        if (user.uid() < 0 || user.gid() < 0) {
            throw new CrateException("config.json: process.user: uid and gid must not be negative");
        }
        if (user.umask() != null && (user.umask() < 0 || user.umask() > 0777)) {
            throw new CrateException("config.json: process.user.umask " + user.umask() + " is not a file mode mask");
        }
    }

    @Override
    public void enter(ContainerContext container, Path rootfs) throws CrateException {
        enterExec(container);
    }

    @Override
    public void enterExec(ContainerContext container) throws CrateException {
        Process process = container.spec().process();
        User user = process.user();
        Syscalls.umask(user.umask() == null ? 0022 : user.umask());
        Syscalls.setgroups(user.additionalGids().stream().mapToInt(Integer::intValue).toArray());
        Syscalls.setresgid(user.gid());
        Syscalls.setresuid(user.uid());
        if (process.noNewPrivileges()) {
            Syscalls.prctl(PR_SET_NO_NEW_PRIVS, 1);
        }
    }
}
