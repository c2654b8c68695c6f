package crate.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MoveRootTest {
    private static final String ROOTFS = "/run/crate/c1/rootfs";

    @Test
    void findsTheHostsFullProcAndSysfsMountsOutsideTheRootfs() {
        List<String> mountinfo = List.of(
                "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
                "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
                "24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw",
                "25 24 0:23 / /sys/fs/cgroup rw shared:4 - cgroup2 cgroup2 rw",
                "26 23 0:24 / /proc/sys/fs/binfmt_misc rw - binfmt_misc binfmt_misc rw",
                "27 22 0:21 /sys /mnt/procsys rw - proc proc rw",
                "28 22 0:25 / /run/crate/c1/rootfs rw - overlay overlay rw",
                "29 28 0:26 / /run/crate/c1/rootfs/proc rw - proc proc rw",
                "30 28 0:27 / /run/crate/c1/rootfs/sys ro - sysfs sysfs rw",
                "31 22 0:28 / /run/crate/c1/rootfs2/proc rw - proc proc rw",
                "32 22 0:29 / /mnt/with\\040space rw master:3 - sysfs sysfs rw",
                "garbage");
        assertEquals(List.of("/proc", "/sys", "/run/crate/c1/rootfs2/proc", "/mnt/with space"),
                MoveRoot.pseudoFilesystemsOutside(mountinfo, ROOTFS));
    }

    @Test
    void unescapesMountinfoOctals() {
        assertEquals("a b\tc\\d", crate.linux.MountInfo.unescape("a\\040b\\011c\\134d"));
        assertEquals("trailing\\04", crate.linux.MountInfo.unescape("trailing\\04"));
        assertEquals("not\\9octal", crate.linux.MountInfo.unescape("not\\9octal"));
    }
}
