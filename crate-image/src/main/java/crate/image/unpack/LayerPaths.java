package crate.image.unpack;

import java.util.Optional;

/**
 * The path rules of a layer, as pure functions: what a member's name may be, and what the
 * whiteout names mean.
 */
public final class LayerPaths {
    /** The prefix of a whiteout file: {@code .wh.NAME} deletes NAME of the layers below. */
    public static final String WHITEOUT = ".wh.";
    /** The name of an opaque marker: its directory hides all lower entries. */
    public static final String OPAQUE = ".wh..wh..opq";
    /** The prefix of AUFS's own bookkeeping entries ({@code .wh..wh.plnk}, ...): skipped. */
    public static final String AUFS_META = ".wh..wh.";
    /** Device nodes may be created only below this directory of the layer. */
    public static final String DEVICES = "dev";

    private LayerPaths() {}

    /**
     * A member's name as a clean relative path: "./" prefixes, empty and "." components and a
     * trailing "/" removed; "" names the layer's root.
     *
     * @throws IllegalArgumentException naming the problem, for an absolute path, a ".."
     *     component or a NUL
     */
    public static String clean(String name) {
        if (name.startsWith("/")) {
            throw new IllegalArgumentException("is an absolute path");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("contains a NUL byte");
        }
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("leaves the layer root");
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    /** The directory that holds {@code path} ("" for the root's entries). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last component of {@code path}. */
    public static String base(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** For {@code dir/.wh.NAME}: {@code dir/NAME}, the path it deletes; empty for other names (also the opaque marker). */
    public static Optional<String> whiteoutTarget(String path) {
        String base = base(path);
        if (!base.startsWith(WHITEOUT) || base.startsWith(AUFS_META)) {
            return Optional.empty();
        }
        String target = base.substring(WHITEOUT.length());
        if (target.isEmpty() || target.equals(".") || target.equals("..")) {
            throw new IllegalArgumentException("is a whiteout of nothing");
        }
        String parent = parent(path);
        return Optional.of(parent.isEmpty() ? target : parent + "/" + target);
    }

    public static boolean isOpaqueMarker(String path) {
        return base(path).equals(OPAQUE);
    }

    /** AUFS bookkeeping ({@code .wh..wh.plnk}, {@code .wh..wh.aufs}) other than the opaque marker. */
    public static boolean isAufsMeta(String path) {
        return base(path).startsWith(AUFS_META) && !isOpaqueMarker(path);
    }

    /** Whether a device node may be created at {@code path}: strictly below the layer's dev/. */
    public static boolean deviceAllowed(String path) {
        return path.startsWith(DEVICES + "/");
    }
}
