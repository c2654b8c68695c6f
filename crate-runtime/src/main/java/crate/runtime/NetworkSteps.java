package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Linux;
import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import crate.linux.Namespace;
import java.nio.file.Path;
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

    /**
     * The context as the driver needs it, before the spec is validated: a driver that keeps
     * containers in the host's network namespace ({@code --network host}) gets a spec without
     * a network namespace.
     */
    static ContainerContext configure(Plugins plugins, ContainerContext context) throws CrateException {
        String name = context.options().get(ContainerContext.NETWORK);
        if (name == null || !plugins.network(name).usesHostNamespace() || context.spec().linux() == null) {
            return context;
        }
        Linux linux = context.spec().linux();
        return context.withSpec(context.spec().withLinux(linux.withNamespaces(linux.namespaces().stream()
                .filter(ns -> !Namespace.NETWORK.specName().equals(ns.type())).toList())));
    }

    /**
     * The driver that attaches the container, checked before anything is created; empty
     * without one, and for a driver that uses the host's namespace.
     */
    static Optional<NetworkDriver> driver(Plugins plugins, ContainerContext context, NamespacePlan plan)
            throws CrateException {
        String name = context.options().get(ContainerContext.NETWORK);
        if (name == null) {
            return Optional.empty();
        }
        NetworkDriver driver = plugins.network(name);
        driver.validate(context);
        if (driver.usesHostNamespace()) {
            return Optional.empty();
        }
        // Safety, not only correctness: attaching a namespace that is not the container's own
        // would change the host's (or another container's) network.
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

    /** The driver's CHECK of a living container's attachment; false if there is no driver to ask. */
    static boolean check(Plugins plugins, ContainerContext context, int pid) throws CrateException {
        String name = context.options().get(ContainerContext.NETWORK);
        if (name == null) {
            return false;
        }
        NetworkDriver driver = plugins.network(name);
        if (driver.usesHostNamespace()) {
            return false;
        }
        driver.check(context, pid);
        return true;
    }

    /**
     * The container's /etc/hostname, hosts and resolv.conf, written into {@code dir} and
     * mounted by the returned spec; unchanged without a driver.
     */
    static ContainerContext files(Plugins plugins, ContainerContext context, Path dir, Map<String, String> attachment)
            throws CrateException {
        String name = context.options().get(ContainerContext.NETWORK);
        if (name == null) {
            return context;
        }
        return context.withSpec(NetworkFiles.write(dir, context.spec(), attachment, plugins.network(name).usesHostNamespace()));
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
            NetworkDriver driver = plugins.network(name);
            if (!driver.usesHostNamespace()) {
                driver.detach(context);
            }
        } catch (CrateException | RuntimeException e) {
            System.err.println("crate: warning: container " + context.id() + ": network " + name
                    + " not detached: " + e.getMessage());
        }
    }
}
