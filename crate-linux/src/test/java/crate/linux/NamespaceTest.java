package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceTest {

    @Test
    void fromSpecNameFindsEveryType() {
        assertEquals(Optional.of(Namespace.MOUNT), Namespace.fromSpecName("mount"));
        assertEquals(Optional.of(Namespace.UTS), Namespace.fromSpecName("uts"));
        assertEquals(Optional.of(Namespace.IPC), Namespace.fromSpecName("ipc"));
        assertEquals(Optional.of(Namespace.NETWORK), Namespace.fromSpecName("network"));
        assertEquals(Optional.of(Namespace.PID), Namespace.fromSpecName("pid"));
        assertEquals(Optional.of(Namespace.CGROUP), Namespace.fromSpecName("cgroup"));
        assertEquals(Optional.of(Namespace.USER), Namespace.fromSpecName("user"));
        assertEquals(Optional.of(Namespace.TIME), Namespace.fromSpecName("time"));
    }

    @Test
    void fromSpecNameRejectsProcNamesOtherCaseAndNull() {
        assertEquals(Optional.empty(), Namespace.fromSpecName("net"));
        assertEquals(Optional.empty(), Namespace.fromSpecName("mnt"));
        assertEquals(Optional.empty(), Namespace.fromSpecName("Mount"));
        assertEquals(Optional.empty(), Namespace.fromSpecName(""));
        assertEquals(Optional.empty(), Namespace.fromSpecName(null));
    }

    @Test
    void cloneFlagsAndProcNames() {
        assertEquals(0x00020000, Namespace.MOUNT.cloneFlag());
        assertEquals(0x40000000, Namespace.NETWORK.cloneFlag());
        assertEquals("mnt", Namespace.MOUNT.procName());
        assertEquals("net", Namespace.NETWORK.procName());
    }

    @Test
    void describeFlags() {
        assertEquals("0", Namespace.describeFlags(0));
        assertEquals("CLONE_NEWNS|CLONE_NEWNET",
                Namespace.describeFlags(Namespace.NETWORK.cloneFlag() | Namespace.MOUNT.cloneFlag()));
        assertEquals("CLONE_NEWPID|CLONE_FS", Namespace.describeFlags(Namespace.PID.cloneFlag() | Namespace.CLONE_FS));
    }
}
