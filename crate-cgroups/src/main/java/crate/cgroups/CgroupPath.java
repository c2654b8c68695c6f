package crate.cgroups;

/**
 * Where a container's cgroup is, before it is placed in a hierarchy: an absolute path (from
 * each hierarchy's root) or a relative one (under the runtime's own cgroup in each hierarchy).
 *
 * @param path normalized; absolute paths start with "/", relative ones do not
 */
public record CgroupPath(String path) {

    public boolean relative() {
        return !path.startsWith("/");
    }

    /** The absolute path in a hierarchy where the runtime itself is in {@code ownCgroup}. */
    public String under(String ownCgroup) {
        if (!relative()) {
            return path;
        }
        return ownCgroup.endsWith("/") ? ownCgroup + path : ownCgroup + "/" + path;
    }

    @Override
    public String toString() {
        return path;
    }
}
