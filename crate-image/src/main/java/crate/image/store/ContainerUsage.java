package crate.image.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which images containers use: each {@code containers/ID/image} holds an image ID (written by
 * the filesystem that mounts the image, removed with the container). The store keeps them.
 */
final class ContainerUsage {
    private ContainerUsage() {}

    /** Image ID to the containers that use it. */
    static Map<String, List<String>> read(StoreLayout layout) throws IOException {
        Map<String, List<String>> usage = new TreeMap<>();
        if (!Files.isDirectory(layout.containers())) {
            return usage;
        }
        try (DirectoryStream<Path> containers = Files.newDirectoryStream(layout.containers())) {
            for (Path container : containers) {
                Path file = container.resolve(crate.api.image.ImageSettings.IMAGE_ID_FILE);
                try {
                    String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                    usage.computeIfAbsent(id, k -> new ArrayList<>()).add(container.getFileName().toString());
                } catch (NoSuchFileException e) {
                    // a container that is no image's, or being removed
                }
            }
        }
        return usage;
    }
}
