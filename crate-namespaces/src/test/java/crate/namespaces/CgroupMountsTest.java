package crate.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMountsTest {
    @TempDir Path tmp;

    @Test
    void readsTheHierarchiesOfAHybridHost() throws Exception {
        Path mountinfo = tmp.resolve("mountinfo");
        Files.writeString(mountinfo, """
                25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
                26 25 0:24 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:8 - tmpfs tmpfs ro,mode=755
                27 26 0:25 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate
                28 26 0:26 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,xattr,name=systemd
                29 26 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,cpu,cpuacct
                30 26 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory
                """);
        assertEquals(List.of(
                        new CgroupMounts.HostHierarchy(Path.of("/sys/fs/cgroup/unified"), "cgroup2", "nsdelegate"),
                        new CgroupMounts.HostHierarchy(Path.of("/sys/fs/cgroup/systemd"), "cgroup", "xattr,name=systemd"),
                        new CgroupMounts.HostHierarchy(Path.of("/sys/fs/cgroup/cpu,cpuacct"), "cgroup", "cpu,cpuacct"),
                        new CgroupMounts.HostHierarchy(Path.of("/sys/fs/cgroup/memory"), "cgroup", "memory")),
                CgroupMounts.host(mountinfo));
    }

    @Test
    void unescapesMountPoints() throws Exception {
        Path mountinfo = tmp.resolve("mountinfo");
        Files.writeString(mountinfo, "40 26 0:30 / /mnt/a\\040b rw - cgroup2 cgroup2 rw\n");
        assertEquals(Path.of("/mnt/a b"), CgroupMounts.host(mountinfo).getFirst().mountPoint());
    }
}
