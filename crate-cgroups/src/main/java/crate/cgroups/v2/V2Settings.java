package crate.cgroups.v2;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spec.LinuxResources.BlockIo;
import crate.api.spec.LinuxResources.Cpu;
import crate.api.spec.LinuxResources.HugepageLimit;
import crate.api.spec.LinuxResources.Memory;
import crate.api.spec.LinuxResources.ThrottleDevice;
import crate.api.spec.LinuxResources.WeightDevice;
import crate.cgroups.CgroupWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * linux.resources as the cgroup v2 file writes that apply them, in the order runc applies
 * them (cpuset first, the unified map last so that it overrides), plus what v2 cannot do.
 *
 * <p>Decisions: memory.disableOOMKiller has no cgroup v2 equivalent; like runc, crate
 * ignores it there, with a warning (refusing would break specs that run under runc). Real-time
 * CPU bandwidth does not exist on v2 either, but there a silent no-op would hand a workload
 * less than it asked for, so a spec that sets it is refused. memory.kernel, kernelTCP and
 * swappiness have no v2 files and are ignored, as runc does. Device rules need an eBPF
 * program on v2, which crate does not install yet: they are reported as a warning.
 *
 * @param writes the files to write, in order
 * @param warnings what was asked for and is not applied
 */
public record V2Settings(List<CgroupWrite> writes, List<String> warnings) {

    public V2Settings {
        writes = List.copyOf(writes);
        warnings = List.copyOf(warnings);
    }

    /** The controllers the writes need enabled in the parent's cgroup.subtree_control. */
    public Set<String> controllers() {
        Set<String> controllers = new LinkedHashSet<>();
        for (CgroupWrite write : writes) {
            if (!write.controller().equals("cgroup")) {
                controllers.add(write.controller());
            }
        }
        return controllers;
    }

    public static V2Settings of(LinuxResources resources) throws CrateException {
        List<CgroupWrite> writes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        cpuset(resources.cpu(), writes);
        memory(resources.memory(), writes, warnings);
        cpu(resources.cpu(), writes);
        if (resources.pids() != null) {
            V2Values.pidsMax(resources.pids().limit()).ifPresent(v -> writes.add(new CgroupWrite("pids.max", v)));
        }
        io(resources.blockIO(), writes);
        hugetlb(resources.hugepageLimits(), writes);
        if (resources.devices() != null && !resources.devices().isEmpty()) {
            warnings.add("linux.resources.devices is not enforced on cgroup v2 (needs an eBPF device"
                    + " program, which crate does not install yet)");
        }
        unified(resources.unified(), writes);
        return new V2Settings(writes, warnings);
    }

    private static void cpuset(Cpu cpu, List<CgroupWrite> writes) {
        if (cpu == null) {
            return;
        }
        if (cpu.cpus() != null && !cpu.cpus().isEmpty()) {
            writes.add(new CgroupWrite("cpuset.cpus", cpu.cpus()));
        }
        if (cpu.mems() != null && !cpu.mems().isEmpty()) {
            writes.add(new CgroupWrite("cpuset.mems", cpu.mems()));
        }
    }

    private static void memory(Memory memory, List<CgroupWrite> writes, List<String> warnings)
            throws CrateException {
        if (memory == null) {
            return;
        }
        // Swap first: lowering memory.max never fails because of it on v2, and a bad swap
        // value is refused before anything is written.
        V2Values.swapMax(memory.swap(), memory.limit())
                .ifPresent(v -> writes.add(new CgroupWrite("memory.swap.max", v)));
        V2Values.limit(memory.limit()).ifPresent(v -> writes.add(new CgroupWrite("memory.max", v)));
        V2Values.limit(memory.reservation()).ifPresent(v -> writes.add(new CgroupWrite("memory.low", v)));
        if (Boolean.TRUE.equals(memory.disableOOMKiller())) {
            warnings.add("linux.resources.memory.disableOOMKiller is ignored: cgroup v2 has no way to"
                    + " turn the OOM killer off for a cgroup");
        }
    }

    private static void cpu(Cpu cpu, List<CgroupWrite> writes) throws CrateException {
        if (cpu == null) {
            return;
        }
        if (isSet(cpu.realtimeRuntime()) || isSet(cpu.realtimePeriod())) {
            throw new CrateException("linux.resources.cpu.realtimeRuntime/realtimePeriod are not"
                    + " supported on cgroup v2 (the kernel has no real-time group scheduling there)");
        }
        if (isSet(cpu.shares())) {
            writes.add(new CgroupWrite("cpu.weight", Long.toString(V2Values.cpuWeight(cpu.shares()))));
        }
        V2Values.cpuMax(cpu.quota(), cpu.period()).ifPresent(v -> writes.add(new CgroupWrite("cpu.max", v)));
        if (cpu.burst() != null) {
            writes.add(new CgroupWrite("cpu.max.burst", Long.toString(cpu.burst())));
        }
        if (cpu.idle() != null) {
            writes.add(new CgroupWrite("cpu.idle", Long.toString(cpu.idle())));
        }
    }

    private static void io(BlockIo io, List<CgroupWrite> writes) {
        if (io == null) {
            return;
        }
        if (io.weight() != null && io.weight() != 0) {
            writes.add(new CgroupWrite("io.weight", "default " + V2Values.ioWeight(io.weight())));
        }
        if (io.weightDevice() != null) {
            for (WeightDevice device : io.weightDevice()) {
                if (device.weight() != null && device.weight() != 0) {
                    writes.add(new CgroupWrite("io.weight",
                            device.major() + ":" + device.minor() + " " + V2Values.ioWeight(device.weight())));
                }
            }
        }
        // io.max takes one line per device with every limit of that device.
        Map<String, StringBuilder> limits = new TreeMap<>();
        throttle(io.throttleReadBpsDevice(), "rbps", limits);
        throttle(io.throttleWriteBpsDevice(), "wbps", limits);
        throttle(io.throttleReadIopsDevice(), "riops", limits);
        throttle(io.throttleWriteIopsDevice(), "wiops", limits);
        limits.forEach((device, line) -> writes.add(new CgroupWrite("io.max", device + line)));
    }

    private static void throttle(List<ThrottleDevice> devices, String key, Map<String, StringBuilder> limits) {
        if (devices == null) {
            return;
        }
        for (ThrottleDevice device : devices) {
            String rate = device.rate() == 0 ? "max" : Long.toString(device.rate());
            limits.computeIfAbsent(device.major() + ":" + device.minor(), d -> new StringBuilder())
                    .append(' ').append(key).append('=').append(rate);
        }
    }

    private static void hugetlb(List<HugepageLimit> limits, List<CgroupWrite> writes) throws CrateException {
        if (limits == null) {
            return;
        }
        for (HugepageLimit limit : limits) {
            String size = limit.pageSize();
            if (size == null || !size.matches("[0-9]+[KMG]B")) {
                throw new CrateException("linux.resources.hugepageLimits: bad pageSize \"" + size
                        + "\" (like 2MB or 1GB)");
            }
            writes.add(new CgroupWrite("hugetlb." + size + ".max", Long.toString(limit.limit())));
        }
    }

    private static void unified(Map<String, String> unified, List<CgroupWrite> writes) throws CrateException {
        if (unified == null) {
            return;
        }
        // Sorted, so the same spec always writes in the same order.
        for (Map.Entry<String, String> entry : new TreeMap<>(unified).entrySet()) {
            String key = entry.getKey();
            if (key.isEmpty() || key.contains("/") || key.contains("..") || key.startsWith(".")) {
                throw new CrateException("linux.resources.unified: \"" + key + "\" is not a cgroup file name");
            }
            writes.add(new CgroupWrite(key, entry.getValue()));
        }
    }

    private static boolean isSet(Long value) {
        return value != null && value != 0;
    }

    /** The writes as file → last value, for tests and messages. */
    Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        writes.forEach(w -> map.put(w.file(), w.value()));
        return map;
    }
}
