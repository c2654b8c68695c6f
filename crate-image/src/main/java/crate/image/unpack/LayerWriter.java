package crate.image.unpack;

import crate.api.CrateException;
import crate.linux.ErrnoException;
import crate.linux.FilesAt;
import crate.linux.Syscalls;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a layer's members into its directory (new and empty), converting whiteouts for
 * overlayfs, and refuses any member that could reach outside that directory.
 *
 * <p>Two walls. First, a model of what this layer has created so far (path to kind) decides
 * what is allowed: a member's parent must be a directory of the layer (not a symlink, not a
 * file), a hardlink must name an earlier regular file by a clean path, a device node must lie
 * below {@code dev/}. Second, every call that creates something is an {@code *at} call on the
 * final name in a directory opened with openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
 * RESOLVE_NO_MAGICLINKS from the layer's directory fd, so that even a gap in the first wall
 * cannot make the kernel write outside.
 *
 * <p>Rules worth knowing: a member may replace an earlier non-directory of the same name (tar
 * semantics; Docker does the same) but not a directory; a directory member met again only
 * updates its metadata; directories get their times after their contents; {@code .wh.NAME}
 * becomes a 0/0 character device NAME, {@code .wh..wh..opq} the xattr
 * {@code trusted.overlay.opaque=y} on its directory, other {@code .wh..wh.*} entries are
 * skipped; a character device 0/0 in the tar itself is just a device (allowed only below dev/).
 * Extended attributes follow {@link XattrPolicy}.
 */
public final class LayerWriter implements AutoCloseable {
    private enum Kind { DIRECTORY, FILE, SYMLINK, OTHER }

    private static final int DEFAULT_DIR_MODE = 0755;
    private static final byte[] OPAQUE_VALUE = {'y'};

    private final int rootFd;
    private final String layerName;
    private final Map<String, Kind> created = new HashMap<>();
    private final List<TarEntry> directoryTimes = new ArrayList<>();
    private final byte[] buffer = new byte[128 * 1024];
    private long contentBytes;

    /**
     * A writer into the layer directory open as {@code rootFd}.
     *
     * @param rootFd the layer's (empty) directory, open; not closed here
     * @param layerName names the layer in errors ("layer sha256:abcd…")
     */
    public LayerWriter(int rootFd, String layerName) {
        this.rootFd = rootFd;
        this.layerName = layerName;
        created.put("", Kind.DIRECTORY);
    }

    /** The bytes of regular file content written so far. */
    public long contentBytes() {
        return contentBytes;
    }

    /** Writes one member; {@code content} is its data (regular files). */
    public void write(TarEntry entry, InputStream content) throws CrateException, IOException {
        try {
            writeMember(entry, content);
        } catch (ErrnoException e) {
            throw new CrateException(layerName + ": entry \"" + entry.path() + "\": " + e.getMessage(), e);
        }
    }

    private void writeMember(TarEntry entry, InputStream content) throws CrateException, IOException {
        String path;
        try {
            path = LayerPaths.clean(entry.path());
        } catch (IllegalArgumentException e) {
            throw refuse(entry.path(), e.getMessage());
        }
        if (path.isEmpty()) {
            return; // "./": the layer's root keeps the store's mode and owner
        }
        if (LayerPaths.isOpaqueMarker(path)) {
            String dir = LayerPaths.parent(path);
            ensureParents(path, entry.path());
            if (dir.isEmpty()) {
                FilesAt.lsetxattrat(rootFd, ".", "trusted.overlay.opaque", OPAQUE_VALUE);
            } else {
                int parentFd = openParent(LayerPaths.parent(dir));
                try {
                    FilesAt.lsetxattrat(parentFd, LayerPaths.base(dir), "trusted.overlay.opaque", OPAQUE_VALUE);
                } finally {
                    Syscalls.closeQuietly(parentFd);
                }
            }
            return;
        }
        if (LayerPaths.isAufsMeta(path)) {
            return;
        }
        String whiteoutOf;
        try {
            whiteoutOf = LayerPaths.whiteoutTarget(path).orElse(null);
        } catch (IllegalArgumentException e) {
            throw refuse(entry.path(), e.getMessage());
        }
        if (whiteoutOf != null) {
            ensureParents(whiteoutOf, entry.path());
            withParent(whiteoutOf, (parentFd, name) -> {
                FilesAt.mknodat(parentFd, name, FilesAt.S_IFCHR, 0, 0, 0);
                created.put(whiteoutOf, Kind.OTHER);
            });
            return;
        }
        ensureParents(path, entry.path());
        switch (entry.type()) {
            case DIRECTORY -> writeDirectory(path, entry);
            case FILE -> writeFile(path, entry, content);
            case SYMLINK -> writeSymlink(path, entry);
            case HARDLINK -> writeHardlink(path, entry);
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> writeNode(path, entry);
        }
    }

    /** Sets the directories' times, deepest first, once every member is written. */
    public void finish() throws CrateException {
        directoryTimes.sort(Comparator.comparingInt((TarEntry e) -> depth(e.path())).reversed());
        for (TarEntry entry : directoryTimes) {
            String path = LayerPaths.clean(entry.path());
            try {
                withParent(path, (parentFd, name) ->
                        FilesAt.lutimesat(parentFd, name, entry.mtimeSeconds(), entry.mtimeNanos()));
            } catch (ErrnoException e) {
                throw new CrateException(layerName + ": entry \"" + entry.path() + "\": " + e.getMessage(), e);
            }
        }
        directoryTimes.clear();
    }

    private void writeDirectory(String path, TarEntry entry) throws CrateException {
        Kind existing = created.get(path);
        if (existing != null && existing != Kind.DIRECTORY) {
            replace(path, entry.path(), existing);
            existing = null;
        }
        boolean make = existing == null;
        withParent(path, (parentFd, name) -> {
            if (make) {
                Syscalls.mkdirat(parentFd, name, 0700);
                created.put(path, Kind.DIRECTORY);
            }
            applyMetadata(parentFd, name, entry, false);
        });
        directoryTimes.removeIf(e -> LayerPaths.clean(e.path()).equals(path));
        directoryTimes.add(entry);
    }

    private void writeFile(String path, TarEntry entry, InputStream content) throws CrateException, IOException {
        prepareNonDirectory(path, entry);
        int parentFd = openParent(LayerPaths.parent(path));
        try {
            String name = LayerPaths.base(path);
            int fd = FilesAt.openBeneath(parentFd, name,
                    Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_EXCL | Syscalls.O_NOFOLLOW, 0600);
            try {
                created.put(path, Kind.FILE);
                // The fd's own inode, reopened for Java's buffered I/O: /proc/self/fd/N names
                // exactly the file just created, not a path that could be swapped.
                try (OutputStream out = new FileOutputStream("/proc/self/fd/" + fd)) {
                    int n;
                    while ((n = content.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        contentBytes += n;
                    }
                }
            } finally {
                Syscalls.closeQuietly(fd);
            }
            applyMetadata(parentFd, name, entry, false);
        } finally {
            Syscalls.closeQuietly(parentFd);
        }
    }

    private void writeSymlink(String path, TarEntry entry) throws CrateException {
        if (entry.linkName().isEmpty()) {
            throw refuse(entry.path(), "is a symlink without a target");
        }
        prepareNonDirectory(path, entry);
        withParent(path, (parentFd, name) -> {
            FilesAt.symlinkat(entry.linkName(), parentFd, name);
            created.put(path, Kind.SYMLINK);
            applyMetadata(parentFd, name, entry, true);
        });
    }

    private void writeHardlink(String path, TarEntry entry) throws CrateException {
        String target;
        try {
            target = LayerPaths.clean(entry.linkName());
        } catch (IllegalArgumentException e) {
            throw refuse(entry.path(), "links to \"" + entry.linkName() + "\", which " + e.getMessage());
        }
        Kind kind = created.get(target);
        if (kind == null) {
            throw refuse(entry.path(), "links to \"" + entry.linkName() + "\", which is no earlier member of the layer");
        }
        if (kind != Kind.FILE) {
            throw refuse(entry.path(), "links to \"" + entry.linkName() + "\", which is not a regular file");
        }
        if (target.equals(path)) {
            return; // a link to itself: nothing to do
        }
        prepareNonDirectory(path, entry);
        int targetFd = FilesAt.openBeneath(rootFd, target, Syscalls.O_PATH | Syscalls.O_NOFOLLOW, 0);
        try {
            withParent(path, (parentFd, name) -> {
                FilesAt.linkFd(targetFd, parentFd, name);
                created.put(path, Kind.FILE);
            });
        } finally {
            Syscalls.closeQuietly(targetFd);
        }
    }

    private void writeNode(String path, TarEntry entry) throws CrateException {
        int type = switch (entry.type()) {
            case CHAR_DEVICE -> FilesAt.S_IFCHR;
            case BLOCK_DEVICE -> FilesAt.S_IFBLK;
            default -> FilesAt.S_IFIFO;
        };
        if (type != FilesAt.S_IFIFO && !LayerPaths.deviceAllowed(path)) {
            throw refuse(entry.path(), "is a device node outside " + LayerPaths.DEVICES + "/");
        }
        prepareNonDirectory(path, entry);
        withParent(path, (parentFd, name) -> {
            FilesAt.mknodat(parentFd, name, type, 0600, entry.devMajor(), entry.devMinor());
            created.put(path, Kind.OTHER);
            applyMetadata(parentFd, name, entry, false);
        });
    }

    /** Owner, then mode (chown clears setuid), then xattrs (chown clears file capabilities), then times. */
    private void applyMetadata(int parentFd, String name, TarEntry entry, boolean symlink) throws CrateException {
        FilesAt.lchownat(parentFd, name, entry.uid(), entry.gid());
        if (symlink) {
            FilesAt.lutimesat(parentFd, name, entry.mtimeSeconds(), entry.mtimeNanos());
            return;
        }
        FilesAt.chmodat(parentFd, name, entry.mode() & 07777);
        for (var xattr : entry.xattrs().entrySet()) {
            if (XattrPolicy.keep(xattr.getKey())) {
                FilesAt.lsetxattrat(parentFd, name, xattr.getKey(), xattr.getValue());
            }
        }
        if (entry.type() != TarEntry.Type.DIRECTORY) {
            FilesAt.lutimesat(parentFd, name, entry.mtimeSeconds(), entry.mtimeNanos());
        }
    }

    /** A non-directory replaces an earlier non-directory of the same name; never a directory. */
    private void prepareNonDirectory(String path, TarEntry entry) throws CrateException {
        Kind existing = created.get(path);
        if (existing != null) {
            replace(path, entry.path(), existing);
        }
    }

    private void replace(String path, String shown, Kind existing) throws CrateException {
        if (existing == Kind.DIRECTORY) {
            throw refuse(shown, "would replace a directory of the layer");
        }
        withParent(path, (parentFd, name) -> FilesAt.unlinkat(parentFd, name, false));
        created.remove(path);
    }

    /**
     * Makes sure every ancestor of {@code path} is a directory of the layer, creating missing
     * ones (0755, root), and refuses a path whose ancestor is a symlink or any non-directory.
     */
    private void ensureParents(String path, String shown) throws CrateException {
        String parent = LayerPaths.parent(path);
        if (parent.isEmpty()) {
            return;
        }
        String[] parts = parent.split("/", -1);
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            String dirOf = prefix.toString();
            if (!prefix.isEmpty()) {
                prefix.append('/');
            }
            prefix.append(part);
            String ancestor = prefix.toString();
            Kind kind = created.get(ancestor);
            if (kind == Kind.DIRECTORY) {
                continue;
            }
            if (kind == Kind.SYMLINK) {
                throw refuse(shown, "passes through the symlink \"" + ancestor + "\"");
            }
            if (kind != null) {
                throw refuse(shown, "passes through \"" + ancestor + "\", which is not a directory");
            }
            int dirFd = openParent(dirOf);
            try {
                Syscalls.mkdirat(dirFd, part, DEFAULT_DIR_MODE);
                FilesAt.chmodat(dirFd, part, DEFAULT_DIR_MODE);
            } finally {
                Syscalls.closeQuietly(dirFd);
            }
            created.put(ancestor, Kind.DIRECTORY);
        }
    }

    private interface AtAction {
        void run(int parentFd, String name) throws CrateException;
    }

    private void withParent(String path, AtAction action) throws CrateException {
        int parentFd = openParent(LayerPaths.parent(path));
        try {
            action.run(parentFd, LayerPaths.base(path));
        } finally {
            Syscalls.closeQuietly(parentFd);
        }
    }

    private int openParent(String dir) throws CrateException {
        return FilesAt.openDirectoryBeneath(rootFd, dir);
    }

    private CrateException refuse(String shown, String why) {
        return new CrateException(layerName + ": entry \"" + shown + "\" " + why);
    }

    private static int depth(String path) {
        return path.split("/", -1).length;
    }

    @Override
    public void close() {
        // rootFd belongs to the caller; nothing else is held between members
    }
}
