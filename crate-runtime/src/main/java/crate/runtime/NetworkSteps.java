package crate.runtime;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import crate.linux.Namespace;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's part in a container's network: the driver named by the context's
 * {@link ContainerContext#NETWORK} option attaches the new network namespace while init waits,
 * and detaches it on delete. Without the option the spec alone decides, as with runc (podman
 * and containerd bring a network namespace of their own).
 */
final class NetworkSteps {
    private NetworkSteps() {}

    /** The container's driver, checked before anything is created; empty without one. */
    static Optional<NetworkDriver> driver(Plugins plugins, ContainerContext context, NamespacePlan plan)
            throws CrateException {
        String name = context.options().get(ContainerContext.NETWORK);
        if (name == null) {
            return Optional.empty();
        }
        NetworkDriver driver = plugins.network(name);
        if (!plan.creates(Namespace.NETWORK)) {
            throw new CrateException("--network " + name + " needs a network namespace of the container's own: "
                    + "linux.namespaces has no \"network\" entry without a path");
        }
        return Optional.of(driver);
    }

    /** Connects the blocked init's network namespace; what the driver reports goes into the state. */
    static Map<String, String> attach(NetworkDriver driver, ContainerContext context, int pid) throws CrateException {
        Map<String, String> attachment = driver.attach(context, pid);
        return attachment == null ? Map.of() : Map.copyOf(attachment);
    }

    /**
     * Disconnects the container, on delete and on a failed create. A failure only warns: the
     * rest of the container must still go, and the driver's detach is idempotent, to be run
     * again by a later delete or its own clean-up.
     */
    static void detach(Plugins plugins, ContainerContext context) {
        String name = context.options().get(ContainerContext.NETWORK);
        if (name == null) {
            return;
        }
        try {
            plugins.network(name).detach(context);
        } catch (CrateException | RuntimeException e) {
            System.err.println("crate: warning: container " + context.id() + ": network " + name
                    + " not detached: " + e.getMessage());
        }
    }
}
