package crate.app;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.runtime.PassedFds;

/**
 * runc's flags of {@code create} and {@code run} that say how to build the container but are
 * not in its spec: fds to pass on, and how the rootfs becomes {@code /}.
 */
final class CreateOptions implements OptionGroup {
    int preserveFds;
    boolean noPivot;
    boolean noNewKeyring;

    @Override
    public void declareInto(CommandModel command) {
        command.option("--preserve-fds", "N", "Pass crate's fds 3 to 3+N-1 (after any LISTEN_FDS ones) to the container's "
                        + "process, as its 3, 4, ...", int.class, v -> preserveFds = v)
                .flag("--no-pivot", "Make the rootfs / by moving its mount and chroot instead of pivot_root (for an "
                        + "initramfs root; as runc)", v -> noPivot = v)
                .flag("--no-new-keyring", "Keep crate's session keyring instead of a new one for the container (as runc)",
                        v -> noNewKeyring = v);
    }

    /** The fds to pass, checked: LISTEN_FDS as systemd sets it for crate's process, then --preserve-fds. */
    PassedFds passedFds() throws CrateException {
        return PassedFds.of(preserveFds, true, System.getenv(), ProcessHandle.current().pid());
    }

    /** {@code context} with the options: --no-pivot, and LISTEN_FDS in the process's env when it gets such fds. */
    ContainerContext apply(ContainerContext context, PassedFds passed) {
        ContainerContext applied = noPivot ? context.withOption(ContainerContext.NO_PIVOT, "true") : context;
        applied = noNewKeyring ? applied.withOption(ContainerContext.NO_NEW_KEYRING, "true") : applied;
        if (passed.listenFds() == 0) {
            return applied;
        }
        var process = applied.spec().process();
        return applied.withSpec(applied.spec().withProcess(process.withEnv(passed.environment(process.env()))));
    }
}
