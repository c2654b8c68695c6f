package crate.api.spi;

import crate.api.CrateException;
import java.nio.file.Path;

/**
 * Provides a container's root filesystem: a bundle's directory, an overlay of image layers,
 * the host's root under a throwaway layer.
 */
public interface Filesystem {

    /** The name a container's context refers to this filesystem by. */
    String name();

    /** Host side, before the init exists: check that the rootfs can be provided. */
    void prepare(ContainerContext container) throws CrateException;

    /**
     * Inside the container's init, in its new mount namespace and before any isolator enters:
     * mount what is needed and return the directory that becomes the container's {@code /}.
     * Mounts made here vanish with the mount namespace.
     */
    Path mount(ContainerContext container) throws CrateException;

    /** Host side, when the container is gone: remove what {@link #prepare} created. Idempotent. */
    default void release(ContainerContext container) {}
}
