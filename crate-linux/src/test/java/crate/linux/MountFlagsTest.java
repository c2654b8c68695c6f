package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MountFlagsTest {

    @Test
    void zeroIsZero() {
        assertEquals("0", MountFlags.describe(0));
    }

    @Test
    void namesFlagsInBitOrder() {
        assertEquals("BIND|REC", MountFlags.describe(MountFlags.MS_REC | MountFlags.MS_BIND));
        assertEquals("RDONLY|NOSUID|NODEV|NOEXEC|REMOUNT|BIND",
                MountFlags.describe(MountFlags.MS_BIND | MountFlags.MS_REMOUNT | MountFlags.MS_RDONLY
                        | MountFlags.MS_NOSUID | MountFlags.MS_NODEV | MountFlags.MS_NOEXEC));
        assertEquals("REC|SLAVE", MountFlags.describe(MountFlags.MS_SLAVE | MountFlags.MS_REC));
    }

    @Test
    void unknownBitsInHex() {
        assertEquals("RDONLY|0x200", MountFlags.describe(MountFlags.MS_RDONLY | 0x200));
        assertEquals("0x8000000000000000", MountFlags.describe(Long.MIN_VALUE));
    }
}
