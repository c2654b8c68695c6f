package crate.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.BlockIo;
import crate.api.spec.LinuxResources.ThrottleDevice;
import crate.api.spec.LinuxResources.WeightDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlkioSettingsTest {

    private static FakeCgroupFiles throttles(FakeCgroupFiles dir) {
        return dir.with("blkio.throttle.read_bps_device", "")
                .with("blkio.throttle.write_bps_device", "")
                .with("blkio.throttle.read_iops_device", "")
                .with("blkio.throttle.write_iops_device", "");
    }

    @Test
    void throttlesOneDevicePerWrite() throws CrateException {
        FakeCgroupFiles dir = throttles(new FakeCgroupFiles());
        BlkioSettings.apply(dir, new BlockIo(null, null, null,
                List.of(new ThrottleDevice(8, 0, 1_048_576), new ThrottleDevice(8, 16, 2_097_152)),
                null, null, List.of(new ThrottleDevice(8, 0, 100))));
        assertEquals(List.of("blkio.throttle.read_bps_device=8:0 1048576", "blkio.throttle.read_bps_device=8:16 2097152",
                "blkio.throttle.write_iops_device=8:0 100"), dir.writes);
    }

    @Test
    void weightsGoToCfqFilesOrElseBfq() throws CrateException {
        BlockIo io = new BlockIo(500, null, List.of(new WeightDevice(8, 0, 300, null)), null, null, null, null);
        FakeCgroupFiles cfq = new FakeCgroupFiles().with("blkio.weight", "500").with("blkio.weight_device", "");
        BlkioSettings.apply(cfq, io);
        assertEquals(List.of("blkio.weight=500", "blkio.weight_device=8:0 300"), cfq.writes);

        FakeCgroupFiles bfq = new FakeCgroupFiles().with("blkio.bfq.weight", "100").with("blkio.bfq.weight_device", "");
        BlkioSettings.apply(bfq, io);
        assertEquals(List.of("blkio.bfq.weight=500", "blkio.bfq.weight_device=8:0 300"), bfq.writes);
    }

    @Test
    void weightWithoutASchedulerThatTakesItNamesTheFile() {
        FakeCgroupFiles none = throttles(new FakeCgroupFiles());
        CrateException e = assertThrows(CrateException.class,
                () -> BlkioSettings.apply(none, new BlockIo(500, null, null, null, null, null, null)));
        assertTrue(e.getMessage().contains("blkio.weight") && e.getMessage().contains("500"), e.getMessage());
    }
}
