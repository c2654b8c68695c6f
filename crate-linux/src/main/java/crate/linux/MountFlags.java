package crate.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** mount(2) flags. */
public final class MountFlags {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOSYMFOLLOW = 256;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final long MS_LAZYTIME = 1 << 25;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(MS_RDONLY, "RDONLY"), Map.entry(MS_NOSUID, "NOSUID"), Map.entry(MS_NODEV, "NODEV"),
            Map.entry(MS_NOEXEC, "NOEXEC"), Map.entry(MS_SYNCHRONOUS, "SYNCHRONOUS"),
            Map.entry(MS_REMOUNT, "REMOUNT"), Map.entry(MS_MANDLOCK, "MANDLOCK"),
            Map.entry(MS_DIRSYNC, "DIRSYNC"), Map.entry(MS_NOSYMFOLLOW, "NOSYMFOLLOW"),
            Map.entry(MS_NOATIME, "NOATIME"), Map.entry(MS_NODIRATIME, "NODIRATIME"),
            Map.entry(MS_BIND, "BIND"), Map.entry(MS_MOVE, "MOVE"), Map.entry(MS_REC, "REC"),
            Map.entry(MS_SILENT, "SILENT"), Map.entry(MS_UNBINDABLE, "UNBINDABLE"),
            Map.entry(MS_PRIVATE, "PRIVATE"), Map.entry(MS_SLAVE, "SLAVE"), Map.entry(MS_SHARED, "SHARED"),
            Map.entry(MS_RELATIME, "RELATIME"), Map.entry(MS_STRICTATIME, "STRICTATIME"),
            Map.entry(MS_LAZYTIME, "LAZYTIME"));

    private MountFlags() {}

    /** "BIND|REC" for error messages. */
    public static String describe(long flags) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            long flag = 1L << bit;
            if ((flags & flag) != 0) {
                names.add(NAMES.getOrDefault(flag, "0x" + Long.toHexString(flag)));
            }
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
