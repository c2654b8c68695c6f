package crate.network;

import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import java.util.Map;

/**
 * {@code --network host}: the container shares the host's network namespace, its interfaces,
 * addresses and ports, as Docker's host network. The runtime drops the spec's network
 * namespace; there is nothing to attach or detach. Published ports make no sense here and are
 * refused (every port of the container is the host's already).
 */
public final class HostDriver implements NetworkDriver {

    @Override
    public String name() {
        return "host";
    }

    @Override
    public boolean usesHostNamespace() {
        return true;
    }

    @Override
    public Map<String, String> attach(ContainerContext container, int initPid) {
        return Map.of(); // never called: the container has no network namespace of its own
    }

    @Override
    public void detach(ContainerContext container) {
        // nothing was made
    }
}
