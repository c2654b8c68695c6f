package crate.app;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;

/**
 * The resource flags of {@code crate run} and {@code crate update}, Docker's and runc's
 * names, turned into {@code linux.resources}. Unset flags stay null: "leave as it is".
 */
final class ResourceFlags implements OptionGroup {
    /** CFS period that --cpus is counted in, Docker's default. */
    private static final long CPU_PERIOD_MICROS = 100_000;

    String memory;
    String memorySwap;
    String memoryReservation;
    String cpus;
    Long cpuShares;
    Long cpuQuota;
    Long cpuPeriod;
    String cpusetCpus;
    String cpusetMems;
    Long pidsLimit;
    Integer blkioWeight;

    @Override
    public void declareInto(CommandModel command) {
        command.option("-m, --memory", "SIZE", "Memory limit, e.g. 512m or 1g", v -> memory = v)
                .option("--memory-swap", "SIZE", "Memory plus swap limit (-1: unlimited swap)", v -> memorySwap = v)
                .option("--memory-reservation", "SIZE", "Memory soft limit", v -> memoryReservation = v)
                .option("--cpus", "N", "CPUs the container may use, e.g. 1.5 (a CFS quota)", v -> cpus = v)
                .option("--cpu-shares", "N", "Relative CPU weight (v1 shares, default 1024)", Long.class, v -> cpuShares = v)
                .option("--cpu-quota", "MICROS", "CFS quota per period, in microseconds", Long.class, v -> cpuQuota = v)
                .option("--cpu-period", "MICROS", "CFS period, in microseconds", Long.class, v -> cpuPeriod = v)
                .option("--cpuset-cpus", "LIST", "CPUs the container may run on, e.g. 0-2,4", v -> cpusetCpus = v)
                .option("--cpuset-mems", "LIST", "Memory nodes the container may use", v -> cpusetMems = v)
                .option("--pids-limit", "N", "Most tasks (processes and threads); -1: unlimited", Long.class,
                        v -> pidsLimit = v)
                .option("--blkio-weight", "N", "Relative block IO weight, 10 to 1000", Integer.class, v -> blkioWeight = v);
    }

    /** The flags as resources; {@link LinuxResources#NONE} when none is given. */
    LinuxResources resources() throws CrateException {
        LinuxResources.Memory mem = null;
        if (memory != null || memorySwap != null || memoryReservation != null) {
            Long limit = memory == null ? null : ByteSize.parse("--memory", memory);
            Long swap = memorySwap == null ? null : ByteSize.parse("--memory-swap", memorySwap);
            if (limit != null && swap != null && swap != -1 && swap < limit) {
                throw new CrateException("--memory-swap " + memorySwap + " must be at least --memory " + memory
                        + " (it counts memory plus swap), or -1");
            }
            mem = new LinuxResources.Memory(limit,
                    memoryReservation == null ? null : ByteSize.parse("--memory-reservation", memoryReservation),
                    swap, null, null, null, null, null, null);
        }
        LinuxResources.Cpu cpu = null;
        if (cpus != null || cpuShares != null || cpuQuota != null || cpuPeriod != null || cpusetCpus != null || cpusetMems != null) {
            Long quota = cpuQuota;
            Long period = cpuPeriod;
            if (cpus != null) {
                if (cpuQuota != null || cpuPeriod != null) {
                    throw new CrateException("--cpus goes without --cpu-quota and --cpu-period (it sets both)");
                }
                quota = Math.round(parseCpus(cpus) * CPU_PERIOD_MICROS);
                period = CPU_PERIOD_MICROS;
            }
            cpu = new LinuxResources.Cpu(cpuShares, quota, null, period, null, null, cpusetCpus, cpusetMems, null);
        }
        LinuxResources.Pids pids = pidsLimit == null ? null : new LinuxResources.Pids(pidsLimit);
        LinuxResources.BlockIo blockIo = null;
        if (blkioWeight != null) {
            if (blkioWeight < 10 || blkioWeight > 1000) {
                throw new CrateException("--blkio-weight " + blkioWeight + ": must be between 10 and 1000");
            }
            blockIo = new LinuxResources.BlockIo(blkioWeight, null, null, null, null, null, null);
        }
        return new LinuxResources(null, mem, cpu, pids, blockIo, null, null);
    }

    private static double parseCpus(String value) throws CrateException {
        try {
            double n = Double.parseDouble(value);
            if (!(n > 0) || n > 1_000_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CrateException("--cpus " + value + ": not a positive number of CPUs (e.g. 0.5 or 2)");
        }
    }
}
