package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    @Test
    void numbersAreCapabilityH() {
        assertEquals(0, Capability.CHOWN.number());
        assertEquals(8, Capability.SETPCAP.number());
        assertEquals(13, Capability.NET_RAW.number());
        assertEquals(21, Capability.SYS_ADMIN.number());
        assertEquals(29, Capability.AUDIT_WRITE.number());
        assertEquals(31, Capability.SETFCAP.number());
        assertEquals(37, Capability.AUDIT_READ.number());
        assertEquals(39, Capability.BPF.number());
        assertEquals(40, Capability.CHECKPOINT_RESTORE.number());
        assertEquals(41, Capability.values().length);
    }

    @Test
    void specNamesAreExact() {
        assertEquals(Optional.of(Capability.NET_RAW), Capability.fromSpecName("CAP_NET_RAW"));
        assertEquals(Optional.empty(), Capability.fromSpecName("NET_RAW"));
        assertEquals(Optional.empty(), Capability.fromSpecName("cap_net_raw"));
        assertEquals(Optional.empty(), Capability.fromSpecName("CAP_NET_RAWR"));
        assertEquals(Optional.empty(), Capability.fromSpecName(null));
        assertEquals("CAP_SYS_CHROOT", Capability.SYS_CHROOT.specName());
    }

    @Test
    void userNamesTakeAnyCaseWithOrWithoutThePrefix() {
        for (String name : List.of("NET_ADMIN", "net_admin", "CAP_NET_ADMIN", "cap_Net_Admin")) {
            assertEquals(Optional.of(Capability.NET_ADMIN), Capability.fromUserName(name), name);
        }
        assertEquals(Optional.empty(), Capability.fromUserName("CAP_"));
        assertEquals(Optional.empty(), Capability.fromUserName("ALL"));
    }

    @Test
    void maskSetsOneBitPerCapability() {
        assertEquals(0L, Capability.mask(EnumSet.noneOf(Capability.class)));
        assertEquals(1L << 13 | 1L, Capability.mask(EnumSet.of(Capability.CHOWN, Capability.NET_RAW)));
        assertEquals((1L << 41) - 1, Capability.mask(EnumSet.allOf(Capability.class)));
    }

    /** As cat reads it (Files.readString reads "4" of "40": see lastOfKernel). */
    @Test
    void lastOfKernelIsProcs() throws IOException, InterruptedException {
        Path file = Path.of("/proc/sys/kernel/cap_last_cap");
        assumeTrue(Files.isReadable(file));
        java.lang.Process cat = new ProcessBuilder("cat", file.toString()).start();
        String value = new String(cat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        assertEquals(0, cat.waitFor());
        assertEquals(Integer.parseInt(value), Capability.lastOfKernel());
    }

    /**
     * capget and capset on a throwaway thread (capabilities are per thread): the masks are the
     * ones /proc/thread-self/status shows, high word included.
     */
    @Test
    void capsetChangesOnlyTheCallingThread() throws Exception {
        long[] before = Syscalls.capget();
        assertEquals(before[0], statusMask("CapEff"));
        assertEquals(before[1], statusMask("CapPrm"));
        assertEquals(before[2], statusMask("CapInh"));
        long high = 1L << Capability.PERFMON.number();
        assumeTrue((before[0] & high) != 0 && (before[0] & 1) != 0, "needs CAP_PERFMON and CAP_CHOWN effective");
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                Syscalls.capset(before[0] & ~high & ~1L, before[1], before[2]);
                seen.set(statusMask("CapEff"));
            } catch (ErrnoException | IOException e) {
                seen.set(e);
            }
        });
        thread.join();
        assertEquals(before[0] & ~high & ~1L, seen.get());
        assertEquals(before[0], statusMask("CapEff"), "the test's thread keeps its capabilities");
    }

    private static long statusMask(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseUnsignedLong(line.substring(field.length() + 1).strip(), 16);
            }
        }
        throw new AssertionError(field + " not in /proc/thread-self/status");
    }

}
