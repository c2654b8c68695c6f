package crate.network.cni;

import crate.api.CrateException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CNI specification version ({@code "cniVersion"}: {@code 0.3.1}, {@code 0.4.0}, {@code 1.0.0}),
 * compared as numbers: what the plugins of a network are asked to speak decides whether CHECK
 * exists (0.4.0) and whether DEL gets the cached result.
 */
record CniVersion(int major, int minor, int patch) implements Comparable<CniVersion> {

    /** The first version whose plugins know CHECK and get {@code prevResult} on DEL. */
    static final CniVersion V0_4_0 = new CniVersion(0, 4, 0);
    /** The oldest version whose results have an {@code ips} list (0.2.0 had {@code ip4}/{@code ip6}). */
    static final CniVersion OLDEST = new CniVersion(0, 3, 0);
    /** The newest version this driver knows. */
    static final CniVersion NEWEST = new CniVersion(1, 0, 0);

    private static final Pattern SEMVER = Pattern.compile("([0-9]{1,4})\\.([0-9]{1,4})\\.([0-9]{1,4})");

    static CniVersion parse(String text) throws CrateException {
        Matcher m = SEMVER.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new CrateException("cniVersion \"" + text + "\" is not a version such as 1.0.0");
        }
        return new CniVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** Whether crate can run plugins at this version: 0.3.0 up to 1.0.x. */
    boolean supported() {
        return compareTo(OLDEST) >= 0 && major <= NEWEST.major;
    }

    boolean atLeast(CniVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(CniVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
