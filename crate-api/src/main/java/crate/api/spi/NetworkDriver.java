package crate.api.spi;

import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import java.util.Map;

/**
 * Connects a container's network namespace to a network, and disconnects it.
 *
 * <p>{@code crate run --network NAME[:ARG]} picks the driver {@code NAME}; the whole value is
 * the context's {@link ContainerContext#NETWORK} option, so that a driver can take an argument
 * ({@code cni:mynet}). The order for one container: {@link #validate} before anything exists;
 * {@link #attach} once the blocked init's network namespace exists, before the hooks run;
 * {@link #detach} on delete and after a failed create.
 */
public interface NetworkDriver {

    /** What {@link #attach} reports: the container's address in CIDR notation ({@code 10.88.0.2/16}). */
    String ADDRESS = "address";
    /** What {@link #attach} reports: the gateway's address, if the container has a default route. */
    String GATEWAY = "gateway";
    /** What {@link #attach} reports: the container's interface ({@code eth0}). */
    String INTERFACE = "interface";
    /** What {@link #attach} reports: nameservers for resolv.conf, separated by spaces (else the settings', else the host's). */
    String NAMESERVERS = "nameservers";
    /** What {@link #attach} reports: the published ports, one per line as {@code -p} took them. */
    String PORTS = "ports";

    /** The name chosen with {@code --network NAME}. */
    String name();

    /** This driver working with {@code settings}; the default ignores them. */
    default NetworkDriver withSettings(NetworkSettings settings) {
        return this;
    }

    /**
     * Whether containers of this driver stay in the host's network namespace ({@code --network
     * host}): the runtime then removes the network namespace from the spec and never calls
     * {@link #attach} or {@link #detach}.
     */
    default boolean usesHostNamespace() {
        return false;
    }

    /**
     * Before anything exists: refuse what this driver cannot do for the container (a malformed
     * argument, a missing network, ports it cannot publish). The default refuses published ports
     * ({@link ContainerContext#PORTS}).
     */
    default void validate(ContainerContext container) throws CrateException {
        if (container.options().containsKey(ContainerContext.PORTS)) {
            throw new CrateException("--network " + container.options().get(ContainerContext.NETWORK)
                    + " publishes no ports: -p needs a driver that does (bridge)");
        }
    }

    /**
     * Host side, the init exists (its network namespace is {@code /proc/PID/ns/net}) and is
     * blocked: connect it. Leave nothing behind when it fails.
     *
     * @return what {@code crate inspect} shows of the attachment (see {@link #ADDRESS} and the
     *     other keys); it is kept in the container's state
     */
    Map<String, String> attach(ContainerContext container, int initPid) throws CrateException;

    /**
     * Whether the attachment is still as {@link #attach} left it (CNI's CHECK); the default
     * trusts it.
     */
    default void check(ContainerContext container, int initPid) throws CrateException {}

    /** Undo {@link #attach}. Idempotent, and must work after a crash of the runtime (from the context alone). */
    void detach(ContainerContext container) throws CrateException;
}
