package crate.network.cni;

/**
 * The container's side of a plugin run: CNI_CONTAINERID, CNI_NETNS and CNI_IFNAME.
 *
 * @param containerId the container's id
 * @param netns the path of its network namespace ({@code /proc/PID/ns/net}); empty when it is
 *     gone (DEL after the container ended: the spec lets DEL go without one)
 * @param ifName the interface the plugins create in it
 */
record CniRuntime(String containerId, String netns, String ifName) {
    /** The interface every container of the cni driver gets. */
    static final String IFNAME = "eth0";
}
