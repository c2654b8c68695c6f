package crate.api.spi;

import crate.api.spec.Spec;
import java.nio.file.Path;

/**
 * What every plugin phase is told about the container: its id, its bundle directory, the
 * validated spec and the name of the {@link Filesystem} that provides its rootfs.
 *
 * <p>The runtime hands the same context to the host-side phases and, serialised, to the
 * {@code enter} phases inside {@code crate init}; it therefore holds only plain data.
 */
public record ContainerContext(String id, String bundle, Spec spec, String filesystem) {

    public Path bundleDir() {
        return Path.of(bundle);
    }
}
