package crate.app;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.runtime.PassedFds;
import picocli.CommandLine.Option;

/**
 * runc's flags of {@code create} and {@code run} that say how to build the container but are
 * not in its spec: fds to pass on, and how the rootfs becomes {@code /}.
 */
final class CreateOptions {
    @Option(names = "--preserve-fds", paramLabel = "N",
            description = "Pass crate's fds 3 to 3+N-1 (after any LISTEN_FDS ones) to the container's process, as its 3, 4, ...")
    int preserveFds;

    @Option(names = "--no-pivot",
            description = "Make the rootfs / by moving its mount and chroot instead of pivot_root (for an initramfs root; as runc)")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "Keep crate's session keyring instead of a new one for the container (as runc)")
    boolean noNewKeyring;

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
