package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import java.util.List;

/** linux.resources.blockIO on the v1 blkio controller, as runc's fs driver. */
final class BlkioSettings {
    private BlkioSettings() {}

    static void apply(CgroupFiles dir, LinuxResources.BlockIo io) throws CrateException {
        // CFQ offered blkio.weight; with BFQ (CFQ is gone since 5.0) the files are blkio.bfq.*.
        String prefix = dir.exists("blkio.weight") || !dir.exists("blkio.bfq.weight") ? "blkio." : "blkio.bfq.";
        if (set(io.weight())) {
            write(dir, prefix + "weight", Integer.toString(io.weight()));
        }
        if (set(io.leafWeight())) {
            write(dir, "blkio.leaf_weight", Integer.toString(io.leafWeight()));
        }
        if (io.weightDevice() != null) {
            for (LinuxResources.WeightDevice device : io.weightDevice()) {
                if (set(device.weight())) {
                    write(dir, prefix + "weight_device", device.major() + ":" + device.minor() + " " + device.weight());
                }
                if (set(device.leafWeight())) {
                    write(dir, "blkio.leaf_weight_device",
                            device.major() + ":" + device.minor() + " " + device.leafWeight());
                }
            }
        }
        throttle(dir, "blkio.throttle.read_bps_device", io.throttleReadBpsDevice());
        throttle(dir, "blkio.throttle.write_bps_device", io.throttleWriteBpsDevice());
        throttle(dir, "blkio.throttle.read_iops_device", io.throttleReadIopsDevice());
        throttle(dir, "blkio.throttle.write_iops_device", io.throttleWriteIopsDevice());
    }

    /** One write per device: the kernel parses one "major:minor rate" line per write. */
    private static void throttle(CgroupFiles dir, String file, List<LinuxResources.ThrottleDevice> devices)
            throws CrateException {
        if (devices == null) {
            return;
        }
        for (LinuxResources.ThrottleDevice device : devices) {
            write(dir, file, device.major() + ":" + device.minor() + " " + device.rate());
        }
    }

    private static void write(CgroupFiles dir, String file, String value) throws CrateException {
        if (!dir.exists(file)) {
            throw new CrateException("cannot write \"" + value + "\" to " + dir.where() + "/" + file
                    + ": the kernel's block I/O scheduler does not offer it");
        }
        dir.write(file, value);
    }

    private static boolean set(Integer value) {
        return value != null && value != 0;
    }
}
