package crate.api.spi;

import crate.api.spec.Spec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every plugin phase is told about the container: its id, its bundle directory, the
 * validated spec, the name of the {@link Filesystem} that provides its rootfs, and the
 * runtime options.
 *
 * <p>The runtime hands the same context to the host-side phases and, serialised, to the
 * {@code enter} phases inside {@code crate init}; it therefore holds only plain data.
 *
 * @param options the runtime's command-line options that change how the container is built
 *     but are not part of the spec (runc's {@code --no-pivot}), by name, like annotations:
 *     a plugin reads the ones it knows and ignores the rest. See {@link #NO_PIVOT}.
 */
public record ContainerContext(String id, String bundle, Spec spec, String filesystem, Map<String, String> options) {

    /**
     * Option (value {@code "true"}): make the rootfs {@code /} by moving its mount onto the
     * old root and chroot, instead of pivot_root, as runc's {@code --no-pivot} (for roots that
     * cannot be pivoted, such as an initramfs).
     */
    public static final String NO_PIVOT = "no-pivot";
    /**
     * Option: the container's process keeps the runtime's session keyring instead of a new
     * one of its own, as runc's {@code --no-new-keyring}.
     */
    public static final String NO_NEW_KEYRING = "no-new-keyring";
    /**
     * Option set by the runtime: where the container's cgroup is, one line per hierarchy,
     * "MOUNT-POINT PATH" (as {@link ContainerCgroup#paths()}). A container without a cgroup
     * namespace of its own sees these directories as its cgroup mount, as under runc.
     */
    public static final String CGROUP_PATHS = "cgroup-paths";
    /**
     * Option: the name of the {@link NetworkDriver} that connects the container's network
     * namespace ({@code crate run --network NAME}). Without it no driver is called and the
     * spec alone decides the network, as with runc.
     */
    public static final String NETWORK = "network";
    /**
     * Option set by the runtime: the container's directory in its state root
     * ({@code /run/crate/<id>}), which exists from before {@code prepare} until the container is
     * deleted and is removed with everything a plugin put into it (files and empty directories).
     */
    public static final String STATE_DIR = "state-dir";
    /**
     * Option: the ports to publish ({@code crate run -p}), one per line in Docker's form
     * {@code [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]}; for the {@link NetworkDriver}.
     */
    public static final String PORTS = "ports";
    /**
     * Option set by {@code crate run IMAGE}: the image's ID ({@code sha256:...}); the
     * {@code image} filesystem records it in the container's directory, so that the store
     * keeps the image while the container exists.
     */
    public static final String IMAGE = "image";
    /** Option: the image's unpacked layer directories, one per line, bottom first (overlayfs's lower layers). */
    public static final String IMAGE_LAYERS = "image-layers";
    /**
     * Option: the container's own directory for the image filesystem
     * ({@code <data_root>/containers/<id>}: upper, work, the mount point), removed on delete.
     */
    public static final String IMAGE_CONTAINER_DIR = "image-container-dir";

    public ContainerContext {
        // Sorted: the context is written to state.json and to init, the same way each time.
        options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** A context without runtime options. */
    public ContainerContext(String id, String bundle, Spec spec, String filesystem) {
        this(id, bundle, spec, filesystem, Map.of());
    }

    public Path bundleDir() {
        return Path.of(bundle);
    }

    /** The same context with another spec (the options go along). */
    public ContainerContext withSpec(Spec newSpec) {
        return new ContainerContext(id, bundle, newSpec, filesystem, options);
    }

    /** The same context with the option {@code name} set to {@code value}. */
    public ContainerContext withOption(String name, String value) {
        Map<String, String> more = new TreeMap<>(options);
        more.put(name, value);
        return new ContainerContext(id, bundle, spec, filesystem, more);
    }

    /** The cgroup paths of {@link #CGROUP_PATHS}, mount point to path; empty if the runtime set none. */
    public Map<String, String> cgroupPaths() {
        Map<String, String> paths = new TreeMap<>();
        String lines = options.get(CGROUP_PATHS);
        if (lines != null) {
            for (String line : lines.split("\n", 0)) {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    paths.put(line.substring(0, space), line.substring(space + 1));
                }
            }
        }
        return paths;
    }

    /** The same context with {@link #CGROUP_PATHS} set from {@code paths}. */
    public ContainerContext withCgroupPaths(Map<String, String> paths) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(paths).forEach((mount, path) -> lines.append(mount).append(' ').append(path).append('\n'));
        return withOption(CGROUP_PATHS, lines.toString());
    }

    /** Whether the option {@code name} is set to {@code "true"}. */
    public boolean isSet(String name) {
        return "true".equals(options.get(name));
    }
}
