package crate.cgroups.v1;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host's huge page sizes as the hugetlb controller names them ("2MB", "1GB"). */
final class HugePageSizes {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB"};

    private HugePageSizes() {}

    /** From /sys/kernel/mm/hugepages/hugepages-2048kB and the like; empty if there are none. */
    static List<String> ofHost() {
        List<String> sizes = new ArrayList<>();
        Path dir = Path.of("/sys/kernel/mm/hugepages");
        if (!Files.isDirectory(dir)) {
            return sizes;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "hugepages-*kB")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                sizes.add(name(Long.parseLong(name.substring("hugepages-".length(), name.length() - 2))));
            }
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
        sizes.sort(null);
        return sizes;
    }

    /** 2048 (kB) is "2MB", 1048576 is "1GB", 64 is "64KB": the kernel's names, as runc. */
    static String name(long kilobytes) {
        long value = kilobytes;
        int unit = 0;
        while (value >= 1024 && value % 1024 == 0 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value + UNITS[unit];
    }
}
