package crate.overlay;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.api.spi.ContainerContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an image container's file system is, from its context's options: the image's
 * layers (bottom first) and the container's own directory, holding {@code upper/} and
 * {@code work/} (the overlay's writable layer), {@code rootfs/} (the mount point) and
 * {@code image} (the image's id, so that the store keeps the image).
 */
record ImageLayout(String imageId, List<Path> layers, Path containerDir) {
    static final String UPPER = "upper";
    static final String WORK = "work";
    static final String ROOTFS = "rootfs";

    ImageLayout {
        layers = List.copyOf(layers);
    }

    /**
     * Reads and checks the options {@link ContainerContext#IMAGE}, {@link ContainerContext#IMAGE_LAYERS}
     * and {@link ContainerContext#IMAGE_CONTAINER_DIR}. The container directory must be
     * absolute and named after the container: it is removed, recursively, on delete.
     */
    static ImageLayout of(ContainerContext container) throws CrateException {
        String imageId = required(container, ContainerContext.IMAGE);
        String dir = required(container, ContainerContext.IMAGE_CONTAINER_DIR);
        List<Path> layers = new ArrayList<>();
        for (String line : required(container, ContainerContext.IMAGE_LAYERS).split("\n", -1)) {
            if (!line.isEmpty()) {
                layers.add(absolute(line, "layer directory"));
            }
        }
        if (layers.isEmpty()) {
            throw new CrateException("image " + imageId + ": it has no layers");
        }
        Path containerDir = absolute(dir, "container directory");
        if (containerDir.getFileName() == null || !containerDir.getFileName().toString().equals(container.id())) {
            throw new CrateException("container directory " + containerDir + " is not named after the container "
                    + container.id());
        }
        return new ImageLayout(imageId, layers, containerDir);
    }

    /** The layer directories from the top down, as overlayfs's lowerdir lists them. */
    List<Path> layersTopFirst() {
        return layers.reversed();
    }

    Path upper() {
        return containerDir.resolve(UPPER);
    }

    Path work() {
        return containerDir.resolve(WORK);
    }

    Path rootfs() {
        return containerDir.resolve(ROOTFS);
    }

    Path imageIdFile() {
        return containerDir.resolve(ImageSettings.IMAGE_ID_FILE);
    }

    private static String required(ContainerContext container, String option) throws CrateException {
        String value = container.options().get(option);
        if (value == null || value.isEmpty()) {
            throw new CrateException("the image filesystem needs the option " + option + " (crate run IMAGE sets it)");
        }
        return value;
    }

    private static Path absolute(String text, String what) throws CrateException {
        Path path = Path.of(text);
        if (!path.isAbsolute() || !path.normalize().equals(path)) {
            throw new CrateException(what + " " + text + " is not an absolute, normalized path");
        }
        return path;
    }
}
