package crate.runtime.json;

import crate.api.spec.LinuxResources;
import crate.api.spec.LinuxResources.BlockIo;
import crate.api.spec.LinuxResources.Cpu;
import crate.api.spec.LinuxResources.DeviceRule;
import crate.api.spec.LinuxResources.HugepageLimit;
import crate.api.spec.LinuxResources.Memory;
import crate.api.spec.LinuxResources.Pids;
import crate.api.spec.LinuxResources.ThrottleDevice;
import crate.api.spec.LinuxResources.WeightDevice;
import java.util.List;
import java.util.Map;

/** config.json's {@code linux.resources} (also {@code crate update -r}): its records field by field. */
public final class ResourcesJson {
    private ResourcesJson() {}

    public static LinuxResources read(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        List<DeviceRule> devices = null;
        Memory memory = null;
        Cpu cpu = null;
        Pids pids = null;
        BlockIo blockIo = null;
        List<HugepageLimit> hugepageLimits = null;
        Map<String, String> unified = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "devices" -> devices = in.list(ResourcesJson::readDevice);
                case "memory" -> memory = readMemory(in);
                case "cpu" -> cpu = readCpu(in);
                case "pids" -> pids = readPids(in);
                case "blockIO" -> blockIo = readBlockIo(in);
                case "hugepageLimits" -> hugepageLimits = in.list(ResourcesJson::readHugepageLimit);
                case "unified" -> unified = in.stringMap();
                default -> in.skipValue();
            }
        }
        try {
            return new LinuxResources(devices, memory, cpu, pids, blockIo, hugepageLimits, unified);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(LinuxResources.class);
        }
    }

    public static void write(JsonWriter out, LinuxResources resources) {
        out.beginObject()
                .listField("devices", resources.devices(), ResourcesJson::writeDevice)
                .objectField("memory", resources.memory(), ResourcesJson::writeMemory)
                .objectField("cpu", resources.cpu(), ResourcesJson::writeCpu)
                .objectField("pids", resources.pids(), (o, p) -> o.beginObject().numberField("limit", p.limit()).endObject())
                .objectField("blockIO", resources.blockIO(), ResourcesJson::writeBlockIo)
                .listField("hugepageLimits", resources.hugepageLimits(), ResourcesJson::writeHugepageLimit)
                .mapField("unified", resources.unified())
                .endObject();
    }

    private static DeviceRule readDevice(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        boolean allow = false;
        String type = null;
        Long major = null;
        Long minor = null;
        String access = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "allow" -> allow = in.bool();
                case "type" -> type = in.string();
                case "major" -> major = in.longOrNull();
                case "minor" -> minor = in.longOrNull();
                case "access" -> access = in.string();
                default -> in.skipValue();
            }
        }
        return new DeviceRule(allow, type, major, minor, access);
    }

    private static void writeDevice(JsonWriter out, DeviceRule rule) {
        out.beginObject()
                .field("allow", rule.allow())
                .stringField("type", rule.type())
                .numberField("major", rule.major())
                .numberField("minor", rule.minor())
                .stringField("access", rule.access())
                .endObject();
    }

    private static Memory readMemory(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        Long limit = null;
        Long reservation = null;
        Long swap = null;
        Long kernel = null;
        Long kernelTcp = null;
        Long swappiness = null;
        Boolean disableOomKiller = null;
        Boolean useHierarchy = null;
        Boolean checkBeforeUpdate = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "limit" -> limit = in.longOrNull();
                case "reservation" -> reservation = in.longOrNull();
                case "swap" -> swap = in.longOrNull();
                case "kernel" -> kernel = in.longOrNull();
                case "kernelTCP" -> kernelTcp = in.longOrNull();
                case "swappiness" -> swappiness = in.longOrNull();
                case "disableOOMKiller" -> disableOomKiller = in.boolOrNull();
                case "useHierarchy" -> useHierarchy = in.boolOrNull();
                case "checkBeforeUpdate" -> checkBeforeUpdate = in.boolOrNull();
                default -> in.skipValue();
            }
        }
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy, checkBeforeUpdate);
    }

    private static void writeMemory(JsonWriter out, Memory memory) {
        out.beginObject()
                .numberField("limit", memory.limit())
                .numberField("reservation", memory.reservation())
                .numberField("swap", memory.swap())
                .numberField("kernel", memory.kernel())
                .numberField("kernelTCP", memory.kernelTCP())
                .numberField("swappiness", memory.swappiness())
                .booleanField("disableOOMKiller", memory.disableOOMKiller())
                .booleanField("useHierarchy", memory.useHierarchy())
                .booleanField("checkBeforeUpdate", memory.checkBeforeUpdate())
                .endObject();
    }

    private static Cpu readCpu(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        Long shares = null;
        Long quota = null;
        Long burst = null;
        Long period = null;
        Long realtimeRuntime = null;
        Long realtimePeriod = null;
        String cpus = null;
        String mems = null;
        Long idle = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "shares" -> shares = in.longOrNull();
                case "quota" -> quota = in.longOrNull();
                case "burst" -> burst = in.longOrNull();
                case "period" -> period = in.longOrNull();
                case "realtimeRuntime" -> realtimeRuntime = in.longOrNull();
                case "realtimePeriod" -> realtimePeriod = in.longOrNull();
                case "cpus" -> cpus = in.string();
                case "mems" -> mems = in.string();
                case "idle" -> idle = in.longOrNull();
                default -> in.skipValue();
            }
        }
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle);
    }

    private static void writeCpu(JsonWriter out, Cpu cpu) {
        out.beginObject()
                .numberField("shares", cpu.shares())
                .numberField("quota", cpu.quota())
                .numberField("burst", cpu.burst())
                .numberField("period", cpu.period())
                .numberField("realtimeRuntime", cpu.realtimeRuntime())
                .numberField("realtimePeriod", cpu.realtimePeriod())
                .stringField("cpus", cpu.cpus())
                .stringField("mems", cpu.mems())
                .numberField("idle", cpu.idle())
                .endObject();
    }

    private static Pids readPids(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        Long limit = null;
        while (in.nextField()) {
            if (in.field().equals("limit")) {
                limit = in.longOrNull();
            } else {
                in.skipValue();
            }
        }
        return new Pids(limit);
    }

    private static BlockIo readBlockIo(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        Integer weight = null;
        Integer leafWeight = null;
        List<WeightDevice> weightDevice = null;
        List<ThrottleDevice> readBps = null;
        List<ThrottleDevice> writeBps = null;
        List<ThrottleDevice> readIops = null;
        List<ThrottleDevice> writeIops = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "weight" -> weight = in.integer();
                case "leafWeight" -> leafWeight = in.integer();
                case "weightDevice" -> weightDevice = in.list(ResourcesJson::readWeightDevice);
                case "throttleReadBpsDevice" -> readBps = in.list(ResourcesJson::readThrottleDevice);
                case "throttleWriteBpsDevice" -> writeBps = in.list(ResourcesJson::readThrottleDevice);
                // The spec's names; the record's components are throttleReadIopsDevice and throttleWriteIopsDevice.
                case "throttleReadIOPSDevice" -> readIops = in.list(ResourcesJson::readThrottleDevice);
                case "throttleWriteIOPSDevice" -> writeIops = in.list(ResourcesJson::readThrottleDevice);
                default -> in.skipValue();
            }
        }
        return new BlockIo(weight, leafWeight, weightDevice, readBps, writeBps, readIops, writeIops);
    }

    private static void writeBlockIo(JsonWriter out, BlockIo blockIo) {
        out.beginObject()
                .numberField("weight", blockIo.weight())
                .numberField("leafWeight", blockIo.leafWeight())
                .listField("weightDevice", blockIo.weightDevice(), ResourcesJson::writeWeightDevice)
                .listField("throttleReadBpsDevice", blockIo.throttleReadBpsDevice(), ResourcesJson::writeThrottleDevice)
                .listField("throttleWriteBpsDevice", blockIo.throttleWriteBpsDevice(), ResourcesJson::writeThrottleDevice)
                .listField("throttleReadIOPSDevice", blockIo.throttleReadIopsDevice(), ResourcesJson::writeThrottleDevice)
                .listField("throttleWriteIOPSDevice", blockIo.throttleWriteIopsDevice(), ResourcesJson::writeThrottleDevice)
                .endObject();
    }

    private static WeightDevice readWeightDevice(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        long major = 0;
        long minor = 0;
        Integer weight = null;
        Integer leafWeight = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "major" -> major = in.longValue();
                case "minor" -> minor = in.longValue();
                case "weight" -> weight = in.integer();
                case "leafWeight" -> leafWeight = in.integer();
                default -> in.skipValue();
            }
        }
        return new WeightDevice(major, minor, weight, leafWeight);
    }

    private static void writeWeightDevice(JsonWriter out, WeightDevice device) {
        out.beginObject()
                .field("major", device.major())
                .field("minor", device.minor())
                .numberField("weight", device.weight())
                .numberField("leafWeight", device.leafWeight())
                .endObject();
    }

    private static ThrottleDevice readThrottleDevice(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        long major = 0;
        long minor = 0;
        long rate = 0;
        while (in.nextField()) {
            switch (in.field()) {
                case "major" -> major = in.longValue();
                case "minor" -> minor = in.longValue();
                case "rate" -> rate = in.longValue();
                default -> in.skipValue();
            }
        }
        return new ThrottleDevice(major, minor, rate);
    }

    private static void writeThrottleDevice(JsonWriter out, ThrottleDevice device) {
        out.beginObject().field("major", device.major()).field("minor", device.minor()).field("rate", device.rate()).endObject();
    }

    private static HugepageLimit readHugepageLimit(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String pageSize = null;
        long limit = 0;
        while (in.nextField()) {
            switch (in.field()) {
                case "pageSize" -> pageSize = in.string();
                case "limit" -> limit = in.longValue();
                default -> in.skipValue();
            }
        }
        return new HugepageLimit(pageSize, limit);
    }

    private static void writeHugepageLimit(JsonWriter out, HugepageLimit limit) {
        out.beginObject().stringField("pageSize", limit.pageSize()).field("limit", limit.limit()).endObject();
    }
}
