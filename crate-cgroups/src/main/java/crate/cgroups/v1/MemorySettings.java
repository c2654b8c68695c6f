package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.linux.Errno;
import crate.linux.ErrnoException;

/** linux.resources.memory on the v1 memory controller, in runc's order. */
final class MemorySettings {
    static final String LIMIT = "memory.limit_in_bytes";
    static final String SWAP_LIMIT = "memory.memsw.limit_in_bytes";
    static final String SOFT_LIMIT = "memory.soft_limit_in_bytes";
    static final String KMEM_LIMIT = "memory.kmem.limit_in_bytes";
    static final String KMEM_TCP_LIMIT = "memory.kmem.tcp.limit_in_bytes";
    static final String OOM_CONTROL = "memory.oom_control";
    static final String SWAPPINESS = "memory.swappiness";
    static final String USAGE = "memory.usage_in_bytes";

    private MemorySettings() {}

    static void apply(CgroupFiles dir, LinuxResources.Memory memory) throws CrateException {
        long limit = orZero(memory.limit());
        long swap = orZero(memory.swap());
        if (Boolean.TRUE.equals(memory.checkBeforeUpdate()) && limit > 0) {
            long usage = Long.parseLong(dir.read(USAGE));
            if (usage > limit) {
                throw new CrateException("memory limit " + limit + " is below the current usage " + usage
                        + " of " + dir.where());
            }
        }
        // An unlimited memory limit without a swap setting lifts the swap limit too, else the
        // old memsw limit would still cap memory.
        if (limit == -1 && swap == 0 && dir.exists(SWAP_LIMIT)) {
            swap = -1;
        }
        setMemoryAndSwap(dir, limit, swap);
        if (memory.kernel() != null && dir.exists(KMEM_LIMIT)) {
            dir.write(KMEM_LIMIT, Long.toString(memory.kernel()));
        }
        if (memory.kernelTCP() != null && dir.exists(KMEM_TCP_LIMIT)) {
            dir.write(KMEM_TCP_LIMIT, Long.toString(memory.kernelTCP()));
        }
        if (orZero(memory.reservation()) != 0) {
            dir.write(SOFT_LIMIT, Long.toString(memory.reservation()));
        }
        if (Boolean.TRUE.equals(memory.disableOOMKiller())) {
            dir.write(OOM_CONTROL, "1");
        }
        Long swappiness = memory.swappiness();
        if (swappiness != null && swappiness != -1) {
            if (swappiness < 0 || swappiness > 100) {
                throw new CrateException("invalid memory swappiness " + swappiness + " (valid range is 0-100)");
            }
            dir.write(SWAPPINESS, Long.toString(swappiness));
        }
    }

    /**
     * The kernel keeps memsw (memory + swap) at least as large as the memory limit, so the
     * order matters: raising both must raise memsw first, lowering both must lower the
     * memory limit first. runc decides by comparing the current memory limit with the new
     * memsw limit; so does this.
     */
    private static void setMemoryAndSwap(CgroupFiles dir, long limit, long swap) throws CrateException {
        if (limit != 0 && swap != 0) {
            long current = parseLimit(dir.read(LIMIT));
            if (swap == -1 || Long.compareUnsigned(current, swap) < 0) {
                writeSwap(dir, swap);
                writeLimit(dir, limit);
                return;
            }
        }
        writeLimit(dir, limit);
        writeSwap(dir, swap);
    }

    private static void writeLimit(CgroupFiles dir, long limit) throws CrateException {
        if (limit == 0) {
            return;
        }
        try {
            dir.write(LIMIT, Long.toString(limit));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EBUSY) {
                throw new CrateException(e.getMessage() + ": the cgroup uses more ("
                        + dir.readIfExists(USAGE).orElse("?") + " bytes) and cannot reclaim it", e);
            }
            throw e;
        }
    }

    private static void writeSwap(CgroupFiles dir, long swap) throws CrateException {
        if (swap == 0) {
            return;
        }
        if (!dir.exists(SWAP_LIMIT)) {
            // runc: "swap is not enabled in the kernel" is no error when the limit is unlimited.
            if (swap == -1) {
                return;
            }
            throw new CrateException("memory swap limit " + swap + " cannot be set: " + dir.where() + "/"
                    + SWAP_LIMIT + " does not exist (the kernel has no swap accounting)");
        }
        dir.write(SWAP_LIMIT, Long.toString(swap));
    }

    /** A limit file's value; values above Long.MAX_VALUE do not occur in v1 (it caps at it). */
    static long parseLimit(String value) {
        return Long.parseUnsignedLong(value.strip());
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
