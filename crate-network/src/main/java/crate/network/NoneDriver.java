package crate.network;

import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import java.util.Map;

/**
 * {@code --network none}: the container's network namespace keeps only its loopback, which
 * the namespaces isolator brings up in every new network namespace. Nothing on the host.
 */
public final class NoneDriver implements NetworkDriver {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Map<String, String> attach(ContainerContext container, int initPid) {
        return Map.of();
    }

    @Override
    public void detach(ContainerContext container) {
        // nothing was made
    }
}
