package crate.app;

import crate.linux.ErrnoException;
import crate.linux.Xattrs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A file of an image as its container will see it, found in the unpacked layers before
 * they are mounted: the topmost layer that has it wins, as in overlayfs; a whiteout (a
 * character device 0/0) of the file or of a directory above it hides it, and so does an
 * opaque directory (xattr {@code trusted.overlay.opaque=y}) of a layer that lacks it, or a
 * non-directory where a directory was. Symlinks on the way are not followed: such a file
 * counts as absent.
 */
final class LayerFiles implements UserFiles {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final List<Path> topFirst;

    /** @param layers the layer directories, bottom first (as {@code LocalImage.layers}) */
    LayerFiles(List<Path> layers) {
        this.topFirst = List.copyOf(layers).reversed();
    }

    @Override
    public List<String> lines(String path) {
        return find(path).map(UserFiles::read).orElse(List.of());
    }

    /** The layer's copy of {@code path} that the container sees; empty if it sees none. */
    Optional<Path> find(String path) {
        List<String> names = Arrays.stream(path.split("/", -1)).filter(n -> !n.isEmpty()).toList();
        for (Path layer : topFirst) {
            Path current = layer;
            for (int i = 0; i < names.size(); i++) {
                current = current.resolve(names.get(i));
                boolean last = i == names.size() - 1;
                if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                    if (i > 0 && opaque(current.getParent())) {
                        return Optional.empty(); // the lower layers' copy is hidden
                    }
                    break; // not in this layer: look below
                }
                if (whiteout(current)) {
                    return Optional.empty();
                }
                if (last) {
                    return Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS) ? Optional.of(current) : Optional.empty();
                }
                if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.empty(); // a file or a symlink replaces the directory of the layers below
                }
            }
        }
        return Optional.empty();
    }

    private static boolean whiteout(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFCHR && ((Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS)) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean opaque(Path dir) {
        try {
            return Xattrs.get(dir.toString(), "trusted.overlay.opaque")
                    .map(v -> new String(v, StandardCharsets.UTF_8).equals("y")).orElse(false);
        } catch (ErrnoException e) {
            return false;
        }
    }
}
