package crate.cgroups.v2;

import crate.api.CrateException;
import java.util.Optional;

/**
 * The spec's numbers (cgroup v1 units) as cgroup v2 files take them, converted as runc
 * converts them (runc's libcontainer/cgroups/utils.go), so a container gets the same limits
 * under crate as under runc. In the spec 0 or null means "not set" and -1 "unlimited".
 */
final class V2Values {
    private V2Values() {}

    /** cpu.shares 2..262144 onto cpu.weight 1..10000; 0 means unset. */
    static long cpuWeight(long shares) {
        if (shares == 0) {
            return 0;
        }
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    /** blkio.weight 10..1000 onto io.weight 1..10000; 0 means unset. */
    static long ioWeight(long blkioWeight) {
        if (blkioWeight == 0) {
            return 0;
        }
        return 1 + (blkioWeight - 10) * 9999 / 990;
    }

    /** A byte or count limit: negative is "max"; 0 or null is "leave as it is". */
    static Optional<String> limit(Long value) {
        if (value == null || value == 0) {
            return Optional.empty();
        }
        return Optional.of(value < 0 ? "max" : Long.toString(value));
    }

    /** pids.max: the spec's 0 and -1 both mean unlimited. */
    static Optional<String> pidsMax(Long limit) {
        if (limit == null) {
            return Optional.empty();
        }
        return Optional.of(limit <= 0 ? "max" : Long.toString(limit));
    }

    /**
     * memory.swap.max from the spec's swap, which is memory+swap (the v1 meaning), while v2's
     * file limits swap alone: swap - limit. As runc: an unlimited memory without a swap value
     * also lifts the swap limit, and swap needs a memory limit to be subtracted from.
     */
    static Optional<String> swapMax(Long swap, Long memoryLimit) throws CrateException {
        long memory = memoryLimit == null ? 0 : memoryLimit;
        long memorySwap = swap == null ? 0 : swap;
        if (memory == -1 && memorySwap == 0) {
            return Optional.of("max");
        }
        if (memorySwap == 0) {
            return Optional.empty();
        }
        if (memorySwap == -1) {
            return Optional.of("max");
        }
        if (memory == 0 || memory == -1) {
            throw new CrateException("linux.resources.memory.swap " + memorySwap
                    + " needs a memory limit (swap is memory+swap)");
        }
        if (memory < 0 || memorySwap < memory) {
            throw new CrateException("linux.resources.memory.swap " + memorySwap
                    + " is below the memory limit " + memory + " (swap is memory+swap)");
        }
        return Optional.of(Long.toString(memorySwap - memory));
    }

    /**
     * cpu.max "QUOTA PERIOD": a quota of 0 or less is "max" (no quota); without a period
     * only the quota is written and the kernel keeps its period.
     */
    static Optional<String> cpuMax(Long quota, Long period) {
        boolean hasQuota = quota != null && quota != 0;
        boolean hasPeriod = period != null && period != 0;
        if (!hasQuota && !hasPeriod) {
            return Optional.empty();
        }
        String value = hasQuota && quota > 0 ? Long.toString(quota) : "max";
        return Optional.of(hasPeriod ? value + " " + period : value);
    }
}
