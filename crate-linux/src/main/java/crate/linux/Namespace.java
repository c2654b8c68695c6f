package crate.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Linux namespace types, with their runtime-spec names, clone flags and /proc/PID/ns names. */
public enum Namespace {
    MOUNT("mount", 0x00020000, "mnt"),
    UTS("uts", 0x04000000, "uts"),
    IPC("ipc", 0x08000000, "ipc"),
    NETWORK("network", 0x40000000, "net"),
    PID("pid", 0x20000000, "pid"),
    CGROUP("cgroup", 0x02000000, "cgroup"),
    USER("user", 0x10000000, "user"),
    TIME("time", 0x00000080, "time");

    /** unshare(CLONE_FS): lets one thread of a multithreaded process setns into a mount namespace. */
    public static final int CLONE_FS = 0x00000200;

    private final String specName;
    private final int cloneFlag;
    private final String procName;

    Namespace(String specName, int cloneFlag, String procName) {
        this.specName = specName;
        this.cloneFlag = cloneFlag;
        this.procName = procName;
    }

    /** The name in config.json's linux.namespaces[].type. */
    public String specName() {
        return specName;
    }

    public int cloneFlag() {
        return cloneFlag;
    }

    /** The name under /proc/PID/ns/. */
    public String procName() {
        return procName;
    }

    public static Optional<Namespace> fromSpecName(String name) {
        for (Namespace ns : values()) {
            if (ns.specName.equals(name)) {
                return Optional.of(ns);
            }
        }
        return Optional.empty();
    }

    static String describeFlags(int flags) {
        List<String> names = new ArrayList<>();
        for (Namespace ns : values()) {
            if ((flags & ns.cloneFlag) != 0) {
                names.add("CLONE_NEW" + ns.name().replace("MOUNT", "NS").replace("NETWORK", "NET"));
            }
        }
        if ((flags & CLONE_FS) != 0) {
            names.add("CLONE_FS");
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
