package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.linux.Errno;
import crate.linux.ErrnoException;

/** linux.resources.cpu on the v1 cpu controller (shares, CFS and realtime bandwidth), as runc. */
final class CpuSettings {
    static final String SHARES = "cpu.shares";
    static final String CFS_PERIOD = "cpu.cfs_period_us";
    static final String CFS_QUOTA = "cpu.cfs_quota_us";
    static final String CFS_BURST = "cpu.cfs_burst_us";
    static final String IDLE = "cpu.idle";
    static final String RT_PERIOD = "cpu.rt_period_us";
    static final String RT_RUNTIME = "cpu.rt_runtime_us";

    private CpuSettings() {}

    /** Whether anything here is for the cpu controller (cpus and mems are cpuset's). */
    static boolean wanted(LinuxResources.Cpu cpu) {
        return set(cpu.shares()) || set(cpu.quota()) || set(cpu.period()) || cpu.burst() != null
                || cpu.idle() != null || set(cpu.realtimePeriod()) || set(cpu.realtimeRuntime());
    }

    static void apply(CgroupFiles dir, LinuxResources.Cpu cpu) throws CrateException {
        if (set(cpu.shares())) {
            writeShares(dir, cpu.shares());
        }
        pair(dir, CFS_PERIOD, cpu.period(), CFS_QUOTA, cpu.quota());
        if (cpu.burst() != null) {
            dir.write(CFS_BURST, Long.toString(cpu.burst()));
        }
        if (cpu.idle() != null) {
            dir.write(IDLE, Long.toString(cpu.idle()));
        }
        pair(dir, RT_PERIOD, cpu.realtimePeriod(), RT_RUNTIME, cpu.realtimeRuntime());
    }

    /** The kernel clamps shares silently; reading them back turns that into an error, as runc. */
    private static void writeShares(CgroupFiles dir, long shares) throws CrateException {
        dir.write(SHARES, Long.toString(shares));
        long actual = Long.parseLong(dir.read(SHARES));
        if (shares > actual) {
            throw new CrateException("cpu shares " + shares + " too large: the maximum allowed is " + actual);
        } else if (shares < actual) {
            throw new CrateException("cpu shares " + shares + " too small: the minimum allowed is " + actual);
        }
    }

    /**
     * Writes a period and the budget that goes with it. A new period can be refused (EINVAL)
     * because old budget / new period would exceed the parent's bandwidth; then the budget
     * goes first and the period is retried after it, as runc does.
     */
    private static void pair(CgroupFiles dir, String periodFile, Long period, String budgetFile, Long budget)
            throws CrateException {
        boolean periodPending = false;
        if (set(period)) {
            try {
                dir.write(periodFile, Long.toString(period));
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EINVAL || !set(budget)) {
                    throw e;
                }
                periodPending = true;
            }
        }
        if (set(budget)) {
            dir.write(budgetFile, Long.toString(budget));
            if (periodPending) {
                dir.write(periodFile, Long.toString(period));
            }
        }
    }

    /** runc's convention: 0 means "not set". */
    private static boolean set(Long value) {
        return value != null && value != 0;
    }
}
