package crate.overlay;

import crate.api.CrateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data string of an overlayfs mount, within the kernel's limit of one page for mount
 * options. With many layers the absolute lower directories do not fit: then, as Docker
 * does, the mount is made from their common parent directory ({@link #workingDir}) with
 * the lower directories relative to it; the upper and work directories stay absolute.
 *
 * @param data lowerdir=...[,upperdir=...,workdir=...]
 * @param workingDir where the mount must be made from (chdir), when the lower directories are relative
 */
record OverlayOptions(String data, Optional<Path> workingDir) {
    /** A page, with the terminating NUL. */
    static final int LIMIT = 4096;

    /**
     * @param lowerTopFirst the lower directories, absolute, from the top layer down
     * @param upper the upper directory, empty for a read-only overlay (which needs two lower layers or more)
     * @param work the work directory, with {@code upper}
     */
    static OverlayOptions of(List<Path> lowerTopFirst, Optional<Path> upper, Optional<Path> work) throws CrateException {
        for (Path dir : lowerTopFirst) {
            check(dir);
        }
        if (upper.isPresent()) {
            check(upper.get());
            check(work.orElseThrow());
        }
        String writable = upper.isEmpty() ? "" : ",upperdir=" + upper.get() + ",workdir=" + work.orElseThrow();
        String absolute = "lowerdir=" + join(lowerTopFirst) + writable;
        if (absolute.length() < LIMIT) {
            return new OverlayOptions(absolute, Optional.empty());
        }
        Path parent = commonParent(lowerTopFirst);
        String relative = "lowerdir=" + join(lowerTopFirst.stream().map(parent::relativize).toList()) + writable;
        if (relative.length() < LIMIT && !parent.equals(parent.getRoot())) {
            return new OverlayOptions(relative, Optional.of(parent));
        }
        throw new CrateException("the image's " + lowerTopFirst.size() + " layers do not fit in one overlay mount: "
                + "its options take " + (Math.min(absolute.length(), relative.length()) + 1)
                + " bytes, more than the kernel's " + LIMIT + " even relative to " + parent);
    }

    /** overlayfs splits its options at ',' and ':', and escapes them with '\': refuse such names rather than escape them. */
    private static void check(Path dir) throws CrateException {
        String text = dir.toString();
        if (text.indexOf(',') >= 0 || text.indexOf(':') >= 0 || text.indexOf('\\') >= 0) {
            throw new CrateException("overlay directory " + text + ": a name with ',', ':' or '\\' cannot be an overlayfs option");
        }
    }

    private static String join(List<Path> dirs) {
        return dirs.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    /** The deepest directory that holds every one of {@code dirs} (strictly: never one of them). */
    static Path commonParent(List<Path> dirs) {
        Path parent = dirs.getFirst().getParent();
        for (Path dir : dirs) {
            while (parent != null && !(dir.startsWith(parent) && !dir.equals(parent))) {
                parent = parent.getParent();
            }
        }
        return parent == null ? dirs.getFirst().getRoot() : parent;
    }
}
