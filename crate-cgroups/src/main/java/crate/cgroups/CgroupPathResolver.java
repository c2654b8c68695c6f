package crate.cgroups;

import crate.api.CrateException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns linux.cgroupsPath (or its absence) into a {@link CgroupPath}: absolute and relative
 * paths as runc takes them, the systemd "slice:prefix:name" form mapped onto cgroupfs, and
 * without a cgroupsPath the default parent plus the container id.
 */
public final class CgroupPathResolver {
    /** Relative: under the runtime's own cgroup, as runc puts containers without a path. */
    public static final String DEFAULT_PARENT = "crate";

    private final String defaultParent;

    public CgroupPathResolver() {
        this(DEFAULT_PARENT);
    }

    /** @param defaultParent absolute ("/crate") or relative ("crate") parent of path-less containers */
    public CgroupPathResolver(String defaultParent) {
        this.defaultParent = defaultParent;
    }

    /**
     * The default parent's directories above a container's cgroup at {@code containerPath}
     * (".../crate/ID"), deepest first; empty when the cgroup is not under the default parent.
     */
    public List<String> defaultParentsOf(String containerPath) {
        String parent = defaultParent.startsWith("/") ? defaultParent.substring(1) : defaultParent;
        int slash = containerPath.lastIndexOf('/');
        if (parent.isEmpty() || slash <= 0) {
            return List.of();
        }
        String above = containerPath.substring(0, slash);
        boolean under = defaultParent.startsWith("/") ? above.equals(defaultParent) : above.endsWith("/" + parent);
        if (!under) {
            return List.of();
        }
        List<String> dirs = new ArrayList<>();
        String dir = above;
        for (int levels = parent.split("/", -1).length; levels > 0; levels--) {
            dirs.add(dir);
            dir = dir.substring(0, dir.lastIndexOf('/'));
        }
        return dirs;
    }

    public CgroupPath resolve(String cgroupsPath, String containerId) throws CrateException {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            checkNormalized(defaultParent, "the default cgroup parent");
            if (containerId.isEmpty() || containerId.contains("/") || containerId.equals(".")
                    || containerId.equals("..")) {
                throw new CrateException("container id \"" + containerId + "\" cannot name a cgroup");
            }
            String parent = defaultParent.equals("/") ? "" : defaultParent;
            return new CgroupPath(parent + "/" + containerId);
        }
        if (SystemdCgroupPath.looksLikeOne(cgroupsPath)) {
            return SystemdCgroupPath.toCgroupfs(cgroupsPath);
        }
        checkNormalized(cgroupsPath, "linux.cgroupsPath");
        if (cgroupsPath.equals("/")) {
            throw new CrateException("linux.cgroupsPath \"/\": a container cannot use the root cgroup");
        }
        return new CgroupPath(cgroupsPath);
    }

    /** No "." or ".." components, no empty ones ("a//b"), no trailing slash. */
    static void checkNormalized(String path, String what) throws CrateException {
        if (path.equals("/")) {
            return;
        }
        String body = path.startsWith("/") ? path.substring(1) : path;
        for (String component : body.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                throw new CrateException(what + " \"" + path + "\" is not a normalized path"
                        + " (no empty, \".\" or \"..\" components, no trailing \"/\")");
            }
        }
    }
}
