package crate.network.firewall;

import java.net.Inet4Address;
import java.util.List;

/**
 * What the firewall needs to know about one container.
 *
 * @param containerId the container's id; its rules are tagged with {@link RuleTag#of(String)}
 * @param address the container's address on the bridge
 * @param ports the ports published for it, possibly none
 */
public record ContainerPorts(String containerId, Inet4Address address, List<PortMapping> ports) {
    public ContainerPorts {
        RuleTag.of(containerId); // validates
        ports = List.copyOf(ports);
    }
}
