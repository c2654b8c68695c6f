package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The runtime-spec {@code linux.resources}: cgroup limits. Every field is optional; null
 * means "leave as it is" (the kernel's default at create, the current value at update).
 * Numbers are the spec's (cgroup v1 units: CPU shares, blkio weights); the cgroup manager
 * converts them for cgroup v2 as runc does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinuxResources(
        List<DeviceRule> devices,
        Memory memory,
        Cpu cpu,
        Pids pids,
        BlockIo blockIO,
        List<HugepageLimit> hugepageLimits,
        Map<String, String> unified) {

    public static final LinuxResources NONE = new LinuxResources(null, null, null, null, null, null, null);

    public LinuxResources {
        devices = devices == null ? null : List.copyOf(devices);
        hugepageLimits = hugepageLimits == null ? null : List.copyOf(hugepageLimits);
        unified = unified == null ? null : Map.copyOf(unified);
    }

    /** {@code devices[]}: type a (all), c or b; null major/minor mean any; access a subset of "rwm". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    /** {@code memory}: bytes; -1 means unlimited. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(
            Long limit,
            Long reservation,
            Long swap,
            Long kernel,
            Long kernelTCP,
            Long swappiness,
            Boolean disableOOMKiller,
            Boolean useHierarchy,
            Boolean checkBeforeUpdate) {}

    /** {@code cpu}: shares (v1 units), quota and period in microseconds, cpuset lists. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(
            Long shares,
            Long quota,
            Long burst,
            Long period,
            Long realtimeRuntime,
            Long realtimePeriod,
            String cpus,
            String mems,
            Long idle) {}

    /** {@code pids}: the most tasks; 0 or -1 means unlimited. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pids(Long limit) {}

    /** {@code blockIO}: weights 10..1000 (v1 units) and per-device throttles. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BlockIo(
            Integer weight,
            Integer leafWeight,
            List<WeightDevice> weightDevice,
            List<ThrottleDevice> throttleReadBpsDevice,
            List<ThrottleDevice> throttleWriteBpsDevice,
            @JsonProperty("throttleReadIOPSDevice") List<ThrottleDevice> throttleReadIopsDevice,
            @JsonProperty("throttleWriteIOPSDevice") List<ThrottleDevice> throttleWriteIopsDevice) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WeightDevice(long major, long minor, Integer weight, Integer leafWeight) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThrottleDevice(long major, long minor, long rate) {}

    /** {@code hugepageLimits[]}: pageSize like "2MB", limit in bytes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HugepageLimit(String pageSize, long limit) {}
}
