package crate.network.firewall;

import crate.api.CrateException;

/**
 * The bridge driver's firewall: masquerade for a bridge's subnet, forwarding of its traffic,
 * and each container's published ports, in crate's own table or chains only.
 *
 * <p>Every method is one transaction and idempotent; the rules are found again by their
 * {@link RuleTag} comments, so a later process (after a kill -9) removes what an earlier one
 * added. Callers serialise changes to the same container (the driver's lock): two processes
 * changing the same id at once could both read the old rules before either commits.
 */
public interface Firewall {

    /** {@code nftables} or {@code iptables}: what the rules are written with. */
    String name();

    /**
     * Creates crate's table or chains if missing and (re)writes the bridge's shared rules:
     * masquerade of the subnet leaving through any other interface, masquerade of
     * 127.0.0.0/8 entering the bridge (published ports reached through localhost), and
     * acceptance of the bridge's forwarded traffic.
     */
    void addBridge(BridgeNetwork network) throws CrateException;

    /** Removes the bridge's shared rules; crate's table and the containers' rules stay. */
    void removeBridge(BridgeNetwork network) throws CrateException;

    /**
     * (Re)writes the container's rules: the DNAT of each published port, from the outside
     * (prerouting) and from the host's own processes (output). Replaces the container's earlier
     * rules in the same transaction.
     */
    void addContainer(ContainerPorts container) throws CrateException;

    /** Removes every rule tagged with the container's id; nothing to remove is no error. */
    void removeContainer(String containerId) throws CrateException;
}
