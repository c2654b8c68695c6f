package crate.overlay;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.api.spi.Filesystem;
import crate.linux.FileTrees;
import crate.linux.MountFlags;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The rootfs of {@code crate run IMAGE}: overlayfs over the image's unpacked layers, with
 * the container's own upper and work directories (read-write), or the layers alone
 * ({@code root.readonly}). The layers are the store's, shared by every container of the
 * image and never written; the container's directory ({@link ImageLayout}) is made by
 * {@link #prepare} and removed by {@link #release}.
 *
 * <p>The overlay is mounted inside init's private mount namespace and vanishes with it:
 * nothing stays mounted on the host, also when crate is killed.
 */
public final class ImageFilesystem implements Filesystem {
    public static final String NAME = "image";
    /** The container's directory: its upper layer may hold anything the container wrote, for root only. */
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(ContainerContext container) throws CrateException {
        ImageLayout layout = ImageLayout.of(container);
        Overlayfs.require("crate run IMAGE needs");
        for (Path layer : layout.layers()) {
            if (!Files.isDirectory(layer)) {
                throw new CrateException("image " + layout.imageId() + ": layer directory " + layer
                        + " does not exist (crate pull the image again)");
            }
        }
        boolean readOnly = readOnly(container);
        overlayOptions(layout, readOnly); // too many layers: an error now rather than in init
        try {
            Files.createDirectories(layout.containerDir().getParent());
            Files.createDirectory(layout.containerDir(), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            throw new CrateException("container directory " + layout.containerDir() + " exists already");
        } catch (IOException e) {
            throw new CrateException("cannot create the container directory " + layout.containerDir() + ": " + e);
        }
        try {
            if (!readOnly) {
                Files.createDirectory(layout.upper());
                Files.createDirectory(layout.work());
            }
            Files.createDirectory(layout.rootfs());
            Files.writeString(layout.imageIdFile(), layout.imageId() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            removeQuietly(layout.containerDir());
            throw new CrateException("cannot prepare the container directory " + layout.containerDir() + ": " + e);
        }
    }

    @Override
    public Path mount(ContainerContext container) throws CrateException {
        ImageLayout layout = ImageLayout.of(container);
        String target = layout.rootfs().toString();
        if (readOnly(container) && layout.layers().size() == 1) {
            // overlayfs refuses a single lower layer without an upper one (EINVAL, "at least 2
            // lowerdir are needed while upperdir nonexistent", also on 6.18): a read-only bind mount.
            Syscalls.mount(layout.layers().getFirst().toString(), target, null, MountFlags.MS_BIND, null);
            Syscalls.mount(null, target, null, MountFlags.MS_BIND | MountFlags.MS_REMOUNT | MountFlags.MS_RDONLY, null);
            return layout.rootfs();
        }
        OverlayOptions options = overlayOptions(layout, readOnly(container));
        if (options.workingDir().isEmpty()) {
            Syscalls.mount("overlay", target, "overlay", 0, options.data());
            return layout.rootfs();
        }
        // Relative lower directories: mount from their parent, then go back (init's cwd is the runtime's).
        String previous = currentDirectory();
        Syscalls.chdir(options.workingDir().get().toString());
        try {
            Syscalls.mount("overlay", target, "overlay", 0, options.data());
        } finally {
            Syscalls.chdir(previous);
        }
        return layout.rootfs();
    }

    @Override
    public void release(ContainerContext container) {
        String dir = container.options().get(ContainerContext.IMAGE_CONTAINER_DIR);
        if (dir == null) {
            return;
        }
        try {
            // Checked again: only a directory named after this container is removed.
            ImageLayout layout = ImageLayout.of(container);
            FileTrees.delete(layout.containerDir());
        } catch (CrateException | IOException e) {
            System.err.println("crate: warning: cannot remove the container directory " + dir + ": " + e.getMessage());
        }
    }

    private static boolean readOnly(ContainerContext container) {
        return container.spec().root() != null && container.spec().root().readonly();
    }

    private static OverlayOptions overlayOptions(ImageLayout layout, boolean readOnly) throws CrateException {
        if (readOnly) {
            return OverlayOptions.of(layout.layersTopFirst(), Optional.empty(), Optional.empty());
        }
        return OverlayOptions.of(layout.layersTopFirst(), Optional.of(layout.upper()), Optional.of(layout.work()));
    }

    private static String currentDirectory() throws CrateException {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/cwd")).toString();
        } catch (IOException e) {
            throw new CrateException("cannot read init's working directory: " + e.getMessage());
        }
    }

    private static void removeQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            System.err.println("crate: warning: cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
