package crate.overlay;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.api.spi.Filesystem;
import java.nio.file.Files;
import java.nio.file.Path;

/** The rootfs is a directory: {@code root.path} of the spec, relative to the bundle. */
public final class BundleFilesystem implements Filesystem {
    public static final String NAME = "bundle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(ContainerContext container) throws CrateException {
        Path rootfs = rootfs(container);
        if (!Files.exists(rootfs)) {
            throw new CrateException("rootfs " + rootfs + " does not exist");
        }
        if (!Files.isDirectory(rootfs)) {
            throw new CrateException("rootfs " + rootfs + " is not a directory");
        }
    }

    @Override
    public Path mount(ContainerContext container) {
        return rootfs(container);
    }

    private static Path rootfs(ContainerContext container) {
        return container.bundleDir().resolve(container.spec().root().path()).normalize();
    }
}
