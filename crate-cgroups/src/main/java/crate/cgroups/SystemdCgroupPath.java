package crate.cgroups;

import crate.api.CrateException;

/**
 * The systemd form of linux.cgroupsPath, "slice:prefix:name", placed on cgroupfs where
 * systemd would put the unit (there is no systemd to ask): runc's systemd driver creates
 * the scope "prefix-name.scope" (or the slice "name" if it ends in .slice) inside the slice,
 * and systemd nests slices by their dashes: "a-b.slice" is /a.slice/a-b.slice.
 */
final class SystemdCgroupPath {
    /** runc's default slice for a container that names none (a root runtime). */
    static final String DEFAULT_SLICE = "system.slice";

    private SystemdCgroupPath() {}

    static boolean looksLikeOne(String cgroupsPath) {
        return !cgroupsPath.startsWith("/") && cgroupsPath.indexOf(':') >= 0;
    }

    static CgroupPath toCgroupfs(String cgroupsPath) throws CrateException {
        String[] parts = cgroupsPath.split(":", -1);
        if (parts.length != 3) {
            throw new CrateException("linux.cgroupsPath \"" + cgroupsPath
                    + "\": the systemd form is slice:prefix:name");
        }
        String slice = parts[0].isEmpty() ? DEFAULT_SLICE : parts[0];
        String prefix = parts[1];
        String name = parts[2];
        if (name.isEmpty() || name.contains("/") || prefix.contains("/")) {
            throw new CrateException("linux.cgroupsPath \"" + cgroupsPath + "\": bad systemd unit name");
        }
        String unit;
        if (name.endsWith(".slice")) {
            unit = name;
        } else {
            unit = prefix.isEmpty() ? name + ".scope" : prefix + "-" + name + ".scope";
        }
        String parent = expandSlice(slice, cgroupsPath);
        return new CgroupPath((parent.equals("/") ? "" : parent) + "/" + unit);
    }

    /** "a-b-c.slice" is /a.slice/a-b.slice/a-b-c.slice; "-.slice" is the root (systemd's rules). */
    static String expandSlice(String slice, String cgroupsPath) throws CrateException {
        if (!slice.endsWith(".slice") || slice.contains("/")) {
            throw new CrateException("linux.cgroupsPath \"" + cgroupsPath + "\": \"" + slice + "\" is not a slice");
        }
        if (slice.equals("-.slice")) {
            return "/";
        }
        String base = slice.substring(0, slice.length() - ".slice".length());
        if (base.isEmpty() || base.startsWith("-") || base.endsWith("-") || base.contains("--")) {
            throw new CrateException("linux.cgroupsPath \"" + cgroupsPath + "\": bad slice name \"" + slice + "\"");
        }
        StringBuilder path = new StringBuilder();
        String[] words = base.split("-", -1);
        StringBuilder prefix = new StringBuilder();
        for (String word : words) {
            prefix.append(prefix.isEmpty() ? "" : "-").append(word);
            path.append('/').append(prefix).append(".slice");
        }
        return path.toString();
    }
}
