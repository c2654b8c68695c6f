package crate.namespaces;

import static crate.linux.Syscalls.O_CLOEXEC;
import static crate.linux.Syscalls.O_CREAT;
import static crate.linux.Syscalls.O_EXCL;
import static crate.linux.Syscalls.O_NOFOLLOW;
import static crate.linux.Syscalls.O_PATH;
import static crate.linux.Syscalls.O_WRONLY;
import static crate.linux.Syscalls.RESOLVE_IN_ROOT;
import static crate.linux.Syscalls.RESOLVE_NO_MAGICLINKS;

import crate.api.CrateException;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Container paths under the rootfs. {@link #inside} is the lexical check of a spec (no "..",
 * stays under the root). {@link #open} resolves a path in the rootfs as the container will
 * see it once the rootfs is {@code /}: with openat2's RESOLVE_IN_ROOT, an absolute symlink or
 * a ".." chain in the rootfs stays inside it (as runc's securejoin). What is missing is
 * created inside the rootfs too, a dangling symlink's target included, never on the host.
 * Mounts then go through the returned fd ({@link #procPath}), so nothing can swap a path
 * component for a symlink between the check and the mount.
 */
final class RootfsPaths {
    /** Components created plus dangling symlinks followed while one path is created. */
    private static final int MAX_ROUNDS = 256;
    private static final long RESOLVE = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

    /** What {@link #open} creates where the path ends in nothing. */
    enum Create { NOTHING, DIRECTORY, FILE }

    private RootfsPaths() {}

    static Path inside(Path rootfs, String containerPath) throws CrateException {
        Path relative = Path.of("/").relativize(Path.of("/").resolve(containerPath).normalize());
        if (relative.startsWith("..")) {
            throw new CrateException("path " + containerPath + " leaves the container's root");
        }
        for (Path part : Path.of(containerPath)) {
            if (part.toString().equals("..")) {
                throw new CrateException("path " + containerPath + " contains \"..\"");
            }
        }
        return rootfs.resolve(relative);
    }

    /** The path through which the kernel reaches what {@code fd} names (a magic link). */
    static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    /** An O_PATH directory fd of {@code rootfs} itself, the root of every {@link #open}. */
    static int openRoot(Path rootfs) throws ErrnoException {
        return Syscalls.open(rootfs.toString(), O_PATH | O_CLOEXEC | Syscalls.O_DIRECTORY);
    }

    /** Like {@link #open} without creating anything, but -1 where the path ends in nothing. */
    static int openExisting(int rootFd, String containerPath) throws CrateException {
        try {
            return Syscalls.openat2(rootFd, relative(containerPath), O_PATH | O_CLOEXEC, 0, RESOLVE);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return -1;
            }
            return open(rootFd, containerPath, Create.NOTHING); // the same error, explained
        }
    }

    /**
     * An O_PATH fd (close-on-exec; the caller closes it) of {@code containerPath} resolved in
     * the root open as {@code rootFd}, after creating what is missing per {@code create}.
     */
    static int open(int rootFd, String containerPath, Create create) throws CrateException {
        String path = containerPath;
        for (int rounds = 0; ; rounds++) {
            if (rounds > MAX_ROUNDS) {
                throw new CrateException("cannot create " + containerPath + " in the container's root: too many "
                        + "symlinks or components");
            }
            try {
                return Syscalls.openat2(rootFd, relative(path), O_PATH | O_CLOEXEC, 0, RESOLVE);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOSYS) {
                    throw new CrateException("mount destination " + containerPath
                            + ": this kernel has no openat2(2) (Linux 5.6 and later), which crate needs to resolve "
                            + "paths safely in the container's root");
                }
                if (e.errno() != Errno.ENOENT || create == Create.NOTHING) {
                    throw new CrateException("cannot resolve " + containerPath + " in the container's root: "
                            + e.getMessage());
                }
            }
            String next = createMissing(rootFd, path, create);
            if (next != null) {
                path = next; // a dangling symlink: follow it, inside the root
            }
        }
    }

    /**
     * Creates the first missing component of {@code path} (walking from the root), or, if that
     * component is a dangling symlink, returns the path with the link replaced by its target
     * (resolved against the physical parent, inside the root) for the caller to retry.
     */
    private static String createMissing(int rootFd, String path, Create create) throws CrateException {
        List<String> parts = components(path);
        try {
            for (int i = 0; i < parts.size(); i++) {
                String prefix = String.join("/", parts.subList(0, i + 1));
                try {
                    Syscalls.closeQuietly(Syscalls.openat2(rootFd, prefix, O_PATH | O_CLOEXEC, 0, RESOLVE));
                    continue;
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENOENT) {
                        throw e;
                    }
                }
                String name = parts.get(i);
                int parent = Syscalls.openat2(rootFd, relative(String.join("/", parts.subList(0, i))),
                        O_PATH | O_CLOEXEC, 0, RESOLVE);
                try {
                    Path entry = Path.of(procPath(parent), name);
                    if (Files.isSymbolicLink(entry)) {
                        String target = Files.readSymbolicLink(entry).toString();
                        String base = target.startsWith("/") ? "" : physical(rootFd, parent);
                        return base + "/" + target + "/" + String.join("/", parts.subList(i + 1, parts.size()));
                    }
                    if (i == parts.size() - 1 && create == Create.FILE) {
                        Syscalls.closeQuietly(Syscalls.openat2(parent, name,
                                O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644, RESOLVE));
                    } else {
                        Syscalls.mkdirat(parent, name, 0755);
                    }
                    return null;
                } finally {
                    Syscalls.closeQuietly(parent);
                }
            }
            return null; // it exists now (created meanwhile): resolve again
        } catch (ErrnoException | IOException e) {
            throw new CrateException("cannot create " + path + " in the container's root: " + e.getMessage());
        }
    }

    /** Where {@code fd} is, as a path from the root open as {@code rootFd} ("" for the root). */
    private static String physical(int rootFd, int fd) throws IOException, CrateException {
        Path root = Files.readSymbolicLink(Path.of(procPath(rootFd)));
        Path here = Files.readSymbolicLink(Path.of(procPath(fd)));
        if (!here.startsWith(root)) {
            throw new CrateException(here + " is outside the container's root " + root);
        }
        String relative = root.relativize(here).toString();
        return relative.isEmpty() ? "" : "/" + relative;
    }

    private static String relative(String path) {
        String joined = String.join("/", components(path));
        return joined.isEmpty() ? "." : joined;
    }

    /** The non-empty components of {@code path}, "." dropped; ".." kept for the kernel. */
    private static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (Path part : Path.of("/").resolve(path)) {
            if (!part.toString().equals(".")) {
                parts.add(part.toString());
            }
        }
        return parts;
    }
}
