package crate.api.spi;

import crate.api.CrateException;
import java.util.Map;

/** Connects a container's network namespace to a network, and disconnects it. */
public interface NetworkDriver {

    /** The name chosen with {@code --network NAME}. */
    String name();

    /**
     * Host side, the init exists (its network namespace is {@code /proc/PID/ns/net}) and is
     * blocked: connect it.
     *
     * @return what {@code crate inspect} shows of the attachment (addresses, ports)
     */
    Map<String, String> attach(ContainerContext container, int initPid) throws CrateException;

    /** Undo {@link #attach}. Idempotent, and must work after a crash of the runtime. */
    void detach(ContainerContext container);
}
