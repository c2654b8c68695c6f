package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;

/** linux.resources.pids on the pids controller (the same file in v1 and v2). */
final class PidsSettings {
    static final String MAX = "pids.max";

    private PidsSettings() {}

    static void apply(CgroupFiles dir, LinuxResources.Pids pids) throws CrateException {
        if (pids.limit() != null) {
            dir.write(MAX, value(pids.limit()));
        }
    }

    /** The spec's 0 and -1 both mean unlimited. */
    static String value(long limit) {
        return limit > 0 ? Long.toString(limit) : "max";
    }
}
