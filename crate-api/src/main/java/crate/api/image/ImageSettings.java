package crate.api.image;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link crate.api.spi.Puller} is told by crate's configuration ({@code [images]} and
 * {@code runtime.data_root}).
 *
 * @param dataRoot where images, unpacked layers and the containers' overlay directories live
 *     ({@code /var/lib/crate})
 * @param registries where unqualified names ({@code alpine}) are looked up, in order
 * @param insecureRegistries registries ({@code host[:port]}) reached over plain HTTP or
 *     unverified TLS
 * @param mirrors per registry, mirrors ({@code host[:port]}) tried before it, in order
 * @param credentials a Docker {@code config.json} with "auths"; empty: {@code ~/.docker/config.json}
 * @param parallelDownloads how many blobs are downloaded at once (1 to 64)
 */
public record ImageSettings(Path dataRoot, List<String> registries, List<String> insecureRegistries,
        Map<String, List<String>> mirrors, Optional<Path> credentials, int parallelDownloads) {

    /** The directory under {@link #dataRoot} that belongs to one container made from an image. */
    public static final String CONTAINERS = "containers";
    /**
     * The file in a container's directory that holds the id of its image: written by the
     * filesystem that mounts the image, removed with the directory on delete; the store keeps
     * an image that a container's directory names.
     */
    public static final String IMAGE_ID_FILE = "image";

    public ImageSettings {
        registries = List.copyOf(registries);
        insecureRegistries = List.copyOf(insecureRegistries);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        mirrors.forEach((registry, list) -> copy.put(registry, List.copyOf(list)));
        mirrors = Collections.unmodifiableMap(copy);
        if (parallelDownloads < 1) {
            throw new IllegalArgumentException("parallelDownloads must be at least 1, got " + parallelDownloads);
        }
    }

    /** The defaults: /var/lib/crate, Docker Hub, three downloads at once. */
    public static ImageSettings defaults() {
        return new ImageSettings(Path.of("/var/lib/crate"), List.of("docker.io"), List.of(), Map.of(), Optional.empty(), 3);
    }

    /** The same settings with another data root (tests). */
    public ImageSettings withDataRoot(Path root) {
        return new ImageSettings(root, registries, insecureRegistries, mirrors, credentials, parallelDownloads);
    }

    /** {@code <dataRoot>/containers/<id>}: the upper, work and mount directories of one container. */
    public Path containerDir(String containerId) {
        return dataRoot.resolve(CONTAINERS).resolve(containerId);
    }
}
