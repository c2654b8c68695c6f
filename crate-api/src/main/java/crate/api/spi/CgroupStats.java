package crate.api.spi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A cgroup's usage and limits, shaped as runc's {@code events --stats} JSON (runc's
 * types/events.go) so that tools reading runc's output read crate's. Units: nanoseconds
 * for CPU time, bytes for memory.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CgroupStats(Cpu cpu, Memory memory, Pids pids, Blkio blkio, Map<String, Hugetlb> hugetlb) {

    public record Cpu(CpuUsage usage, Throttling throttling) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record CpuUsage(
            long total,
            List<Long> percpu,
            @JsonProperty("percpu_kernel") List<Long> percpuKernel,
            @JsonProperty("percpu_user") List<Long> percpuUser,
            @JsonInclude(JsonInclude.Include.ALWAYS) long kernel,
            @JsonInclude(JsonInclude.Include.ALWAYS) long user) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Throttling(long periods, long throttledPeriods, long throttledTime) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Memory(long cache, MemoryEntry usage, MemoryEntry swap, MemoryEntry kernel,
            MemoryEntry kernelTCP, Map<String, Long> raw) {}

    /** limit: bytes, or the largest number the kernel shows for "no limit". */
    public record MemoryEntry(
            long limit,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long usage,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long max,
            long failcnt) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Pids(long current, long limit) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Blkio(
            List<BlkioEntry> ioServiceBytesRecursive,
            List<BlkioEntry> ioServicedRecursive) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record BlkioEntry(long major, long minor, String op, long value) {}

    public record Hugetlb(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long usage,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long max,
            long failcnt) {}
}
