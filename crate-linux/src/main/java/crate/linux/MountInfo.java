package crate.linux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of /proc/PID/mountinfo, the fields crate needs (proc(5)): the mount's root inside
 * its filesystem, where it is mounted, the filesystem type and its super options. The one
 * parser of that format (cgroup detection, --no-pivot, the container's cgroup mounts).
 */
public record MountInfo(String root, String mountPoint, String fsType, List<String> superOptions) {

    public MountInfo {
        superOptions = List.copyOf(superOptions);
    }

    /** Parses a whole mountinfo file; lines it cannot read are skipped. */
    public static List<MountInfo> parse(List<String> lines) {
        List<MountInfo> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ", -1);
            // 36 35 98:0 /root /mnt rw,noatime master:1 - ext3 /dev/root rw,errors=continue
            int separator = Arrays.asList(fields).indexOf("-");
            if (separator < 6 || fields.length < separator + 4) {
                continue;
            }
            mounts.add(new MountInfo(unescape(fields[3]), unescape(fields[4]), fields[separator + 1],
                    List.of(fields[separator + 3].split(",", -1))));
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash as \040, \011, \012 and \134. */
    public static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String field, int from) {
        if (from + 3 > field.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
