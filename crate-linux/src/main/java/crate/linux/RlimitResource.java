package crate.linux;

import java.util.Optional;

/**
 * The resources of getrlimit(2), by their runtime-spec names ({@code RLIMIT_NOFILE}) and
 * numbers. The numbers are the kernel's generic ones, the same on x86_64 and aarch64.
 */
public enum RlimitResource {
    CPU(0),
    FSIZE(1),
    DATA(2),
    STACK(3),
    CORE(4),
    RSS(5),
    NPROC(6),
    NOFILE(7),
    MEMLOCK(8),
    AS(9),
    LOCKS(10),
    SIGPENDING(11),
    MSGQUEUE(12),
    NICE(13),
    RTPRIO(14),
    RTTIME(15);

    private final int number;

    RlimitResource(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The name in config.json's process.rlimits[].type: {@code RLIMIT_NOFILE}. */
    public String specName() {
        return "RLIMIT_" + name();
    }

    public static Optional<RlimitResource> fromSpecName(String name) {
        for (RlimitResource resource : values()) {
            if (resource.specName().equals(name)) {
                return Optional.of(resource);
            }
        }
        return Optional.empty();
    }
}
