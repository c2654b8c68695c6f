package crate.namespaces;

import static crate.linux.MountFlags.MS_BIND;
import static crate.linux.MountFlags.MS_DIRSYNC;
import static crate.linux.MountFlags.MS_LAZYTIME;
import static crate.linux.MountFlags.MS_MANDLOCK;
import static crate.linux.MountFlags.MS_NOATIME;
import static crate.linux.MountFlags.MS_NODEV;
import static crate.linux.MountFlags.MS_NODIRATIME;
import static crate.linux.MountFlags.MS_NOEXEC;
import static crate.linux.MountFlags.MS_NOSUID;
import static crate.linux.MountFlags.MS_NOSYMFOLLOW;
import static crate.linux.MountFlags.MS_PRIVATE;
import static crate.linux.MountFlags.MS_RDONLY;
import static crate.linux.MountFlags.MS_REC;
import static crate.linux.MountFlags.MS_RELATIME;
import static crate.linux.MountFlags.MS_REMOUNT;
import static crate.linux.MountFlags.MS_SHARED;
import static crate.linux.MountFlags.MS_SLAVE;
import static crate.linux.MountFlags.MS_STRICTATIME;
import static crate.linux.MountFlags.MS_SYNCHRONOUS;
import static crate.linux.MountFlags.MS_UNBINDABLE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of a runtime-spec mount, split as mount(2) wants them: flags, propagation
 * flags (a separate call) and the file system's own data string ("mode=755,size=65536k").
 */
record MountOptions(long flags, long propagation, String data) {

    /** An option and whether it clears (true) or sets its flag. */
    private record Flag(long flag, boolean clear) {}

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("async", new Flag(MS_SYNCHRONOUS, true)),
            Map.entry("atime", new Flag(MS_NOATIME, true)),
            Map.entry("bind", new Flag(MS_BIND, false)),
            Map.entry("defaults", new Flag(0, false)),
            Map.entry("dev", new Flag(MS_NODEV, true)),
            Map.entry("diratime", new Flag(MS_NODIRATIME, true)),
            Map.entry("dirsync", new Flag(MS_DIRSYNC, false)),
            Map.entry("exec", new Flag(MS_NOEXEC, true)),
            Map.entry("lazytime", new Flag(MS_LAZYTIME, false)),
            Map.entry("nolazytime", new Flag(MS_LAZYTIME, true)),
            Map.entry("mand", new Flag(MS_MANDLOCK, false)),
            Map.entry("noatime", new Flag(MS_NOATIME, false)),
            Map.entry("nodev", new Flag(MS_NODEV, false)),
            Map.entry("nodiratime", new Flag(MS_NODIRATIME, false)),
            Map.entry("noexec", new Flag(MS_NOEXEC, false)),
            Map.entry("nomand", new Flag(MS_MANDLOCK, true)),
            Map.entry("norelatime", new Flag(MS_RELATIME, true)),
            Map.entry("nostrictatime", new Flag(MS_STRICTATIME, true)),
            Map.entry("nosuid", new Flag(MS_NOSUID, false)),
            Map.entry("nosymfollow", new Flag(MS_NOSYMFOLLOW, false)),
            Map.entry("rbind", new Flag(MS_BIND | MS_REC, false)),
            Map.entry("relatime", new Flag(MS_RELATIME, false)),
            Map.entry("remount", new Flag(MS_REMOUNT, false)),
            Map.entry("ro", new Flag(MS_RDONLY, false)),
            Map.entry("rw", new Flag(MS_RDONLY, true)),
            Map.entry("strictatime", new Flag(MS_STRICTATIME, false)),
            Map.entry("suid", new Flag(MS_NOSUID, true)),
            Map.entry("sync", new Flag(MS_SYNCHRONOUS, false)),
            Map.entry("symfollow", new Flag(MS_NOSYMFOLLOW, true)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE,
            "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED,
            "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE,
            "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE,
            "runbindable", MS_UNBINDABLE | MS_REC);

    static MountOptions parse(List<String> options) {
        long flags = 0;
        long propagation = 0;
        List<String> data = new ArrayList<>();
        for (String option : options) {
            Flag flag = FLAGS.get(option);
            Long prop = PROPAGATION.get(option);
            if (flag != null) {
                flags = flag.clear() ? flags & ~flag.flag() : flags | flag.flag();
            } else if (prop != null) {
                propagation |= prop;
            } else {
                data.add(option);
            }
        }
        return new MountOptions(flags, propagation, String.join(",", data));
    }

    /** The propagation flags of a runtime-spec {@code rootfsPropagation} value, or null if unknown. */
    static Long propagation(String name) {
        return PROPAGATION.get(name);
    }

    boolean bind() {
        return (flags & MS_BIND) != 0;
    }

    boolean readOnly() {
        return (flags & MS_RDONLY) != 0;
    }
}
