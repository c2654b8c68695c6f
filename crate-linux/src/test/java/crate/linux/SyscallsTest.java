package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pure helpers of {@link Syscalls}; the calls themselves are the integration tests' job. */
class SyscallsTest {

    @Test
    void makedevOfSmallNumbers() {
        assertEquals(0x103L, Syscalls.makedev(1, 3));
        assertEquals(0x109L, Syscalls.makedev(1, 9));
        assertEquals(0x500L, Syscalls.makedev(5, 0));
        assertEquals(0L, Syscalls.makedev(0, 0));
    }

    @Test
    void makedevOfLargeNumbersMatchesGlibc() {
        // Expected values printed by glibc's makedev(3) from <sys/sysmacros.h>.
        assertEquals(0x110000L, Syscalls.makedev(0x100, 0x100));
        assertEquals(0x1000_0000_0000L, Syscalls.makedev(0x1000, 0));
        assertEquals(0x1_2000_6783_459aL, Syscalls.makedev(0x12345, 0x6789a));
    }
}
