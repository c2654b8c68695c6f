package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.HugepageLimit;
import java.util.List;

/**
 * linux.resources.hugepageLimits: hugetlb.SIZE.limit_in_bytes on a v1 hugetlb hierarchy, or
 * hugetlb.SIZE.max where hugetlb lives in the cgroup2 hierarchy of a hybrid host.
 */
final class HugetlbSettings {
    private HugetlbSettings() {}

    static void apply(CgroupFiles dir, boolean v2, List<HugepageLimit> limits) throws CrateException {
        for (HugepageLimit limit : limits) {
            String file = limitFile(limit.pageSize(), v2);
            if (!dir.exists(file)) {
                throw new CrateException("cannot write \"" + limit.limit() + "\" to " + dir.where() + "/" + file
                        + ": no such file (is " + limit.pageSize() + " a huge page size of this host?)");
            }
            dir.write(file, Long.toString(limit.limit()));
        }
    }

    static String limitFile(String pageSize, boolean v2) {
        return "hugetlb." + pageSize + (v2 ? ".max" : ".limit_in_bytes");
    }
}
