package crate.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Subnet;
import crate.api.CrateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allocation, release and reclaim against real files in a temporary directory. */
class IpLeasesTest {
    @TempDir Path tmp;

    private IpLeases leases(String subnet) throws CrateException {
        return IpLeases.open(tmp.resolve("crate0"), "crate0", Ipv4Subnet.parse(subnet));
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private List<String> tmpFiles() throws Exception {
        try (Stream<Path> files = Files.list(tmp.resolve("crate0/tmp"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void firstAllocationSkipsNetworkAndGatewayAndIsWrittenAsOneFile() throws Exception {
        IpLeases leases = leases("10.88.0.0/16");
        assertEquals("10.88.0.2", leases.allocate("c1").toString());
        assertEquals("c1\n", read(tmp.resolve("crate0/leases/10.88.0.2")));
        assertEquals("10.88.0.2\n", read(tmp.resolve("crate0/last")));
        assertTrue(Files.exists(tmp.resolve("crate0/lock")));
        assertEquals(List.of(), tmpFiles());
        assertEquals(Map.of(Ipv4Address.parse("10.88.0.2"), "c1"), leases.leases());
    }

    @Test
    void allocatingTwiceForOneContainerGivesTheSameAddress() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        Ipv4Address first = leases.allocate("c1");
        assertEquals(first, leases.allocate("c1"));
        assertEquals(1, leases.leases().size());
        assertEquals(Optional.of(first), leases.addressOf("c1"));
        assertEquals("10.88.0.3", leases.allocate("c2").toString());
    }

    @Test
    void releaseFreesTheAddressAndIsIdempotent() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        Ipv4Address address = leases.allocate("c1");
        assertEquals(Optional.of(address), leases.release("c1"));
        assertFalse(Files.exists(tmp.resolve("crate0/leases/" + address)));
        assertEquals(Optional.empty(), leases.release("c1"));
        assertEquals(Optional.empty(), leases.release("never-allocated"));
        assertEquals(Map.of(), leases.leases());
        assertEquals(Optional.empty(), leases.addressOf("c1"));
    }

    @Test
    void aReleasedAddressIsNotHandedOutAgainAtOnce() throws Exception {
        IpLeases leases = leases("10.88.0.0/29");
        assertEquals("10.88.0.2", leases.allocate("a").toString());
        assertEquals("10.88.0.3", leases.allocate("b").toString());
        leases.release("a");
        assertEquals("10.88.0.4", leases.allocate("c").toString());
        assertEquals("10.88.0.5", leases.allocate("d").toString());
        assertEquals("10.88.0.6", leases.allocate("e").toString());
        // Past the last address the search wraps: .2 (released) is free, .3 is not.
        assertEquals("10.88.0.2", leases.allocate("f").toString());
        leases.release("d");
        assertEquals("10.88.0.5", leases.allocate("g").toString());
    }

    @Test
    void anExhaustedSubnetIsReportedAndNothingIsTaken() throws Exception {
        IpLeases leases = leases("10.88.0.0/30");
        assertEquals("10.88.0.2", leases.allocate("only").toString());
        CrateException e = assertThrows(CrateException.class, () -> leases.allocate("one-too-many"));
        assertEquals("network crate0 (10.88.0.0/30): no free address (2 in use)", e.getMessage());
        assertEquals(Map.of(Ipv4Address.parse("10.88.0.2"), "only"), leases.leases());
        assertEquals(List.of(), tmpFiles());
        leases.release("only");
        assertEquals("10.88.0.2", leases.allocate("one-too-many").toString());
    }

    @Test
    void reclaimFreesTheLeasesOfContainersThatAreGone() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        leases.allocate("alive-1");
        leases.allocate("dead-1");
        leases.allocate("alive-2");
        leases.allocate("dead-2");
        NavigableMap<Ipv4Address, String> freed = leases.reclaim(id -> id.startsWith("alive"));
        assertEquals(Map.of(Ipv4Address.parse("10.88.0.3"), "dead-1", Ipv4Address.parse("10.88.0.5"), "dead-2"), freed);
        assertEquals(Set.of("alive-1", "alive-2"), Set.copyOf(leases.leases().values()));
        assertEquals(Map.of(), leases.reclaim(id -> true));
    }

    @Test
    void readsAndReleasesOfANetworkNeverUsedCreateNothing() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        assertEquals(Map.of(), leases.leases());
        assertEquals(Optional.empty(), leases.release("c1"));
        assertEquals(Optional.empty(), leases.addressOf("c1"));
        assertEquals(Map.of(), leases.reclaim(id -> false));
        assertFalse(Files.exists(tmp.resolve("crate0")));
    }

    @Test
    void anInvalidContainerIdIsRefusedBeforeAnythingIsCreated() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        for (String id : new String[] {"", "../x", "a\nb", "-a", "a b"}) {
            CrateException e = assertThrows(CrateException.class, () -> leases.allocate(id));
            assertTrue(e.getMessage().startsWith("IP lease: invalid container ID"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("crate0")));
    }

    @Test
    void aGarbageLeaseIsReportedAndItsAddressNotTaken() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        leases.allocate("c1");
        Path garbage = tmp.resolve("crate0/leases/10.88.0.3");
        Files.writeString(garbage, "not a container id\n\n");
        CrateException e = assertThrows(CrateException.class, () -> leases.allocate("c2"));
        assertEquals("network crate0: lease file " + garbage + ": not a regular file holding one container ID;"
                + " remove or repair it", e.getMessage());
        CrateException listed = assertThrows(CrateException.class, leases::leases);
        assertTrue(listed.getMessage().contains(garbage.toString()), listed.getMessage());
        assertEquals("not a container id\n\n", read(garbage));
        // Deleting a container still works, and leaves the garbage for the operator.
        assertEquals("10.88.0.2", leases.release("c1").orElseThrow().toString());
        assertEquals(Map.of(), leases.reclaim(id -> false));
        assertTrue(Files.exists(garbage));
        Files.delete(garbage);
        assertEquals("10.88.0.3", leases.allocate("c2").toString());
    }

    @Test
    void aFileNotNamedAsAnAddressIsReported() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        leases.allocate("c1");
        Path stray = tmp.resolve("crate0/leases/10.88.0.03");
        Files.writeString(stray, "c9\n");
        CrateException e = assertThrows(CrateException.class, () -> leases.allocate("c2"));
        assertEquals("network crate0: lease file " + stray + ": the name is not an IPv4 address; remove or repair it",
                e.getMessage());
    }

    @Test
    void aSymlinkOrDirectoryInTheLeasesIsNotALease() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        leases.allocate("c1");
        Path outside = tmp.resolve("outside");
        Files.writeString(outside, "c9\n");
        Files.createSymbolicLink(tmp.resolve("crate0/leases/10.88.0.9"), outside);
        Files.createDirectory(tmp.resolve("crate0/leases/10.88.0.10"));
        CrateException e = assertThrows(CrateException.class, leases::leases);
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void anUnreadableLastHintIsIgnored() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        leases.allocate("c1");
        Files.writeString(tmp.resolve("crate0/last"), "garbage");
        assertEquals("10.88.0.3", leases.allocate("c2").toString());
        Files.writeString(tmp.resolve("crate0/last"), "10.99.0.7\n");
        assertEquals("10.88.0.4", leases.allocate("c3").toString());
        Files.writeString(tmp.resolve("crate0/last"), "10.88.0.255\n");
        assertEquals("10.88.0.5", leases.allocate("c4").toString());
    }

    /**
     * The states a kill -9 can leave inside a locked change (see LeaseFiles): a half-written
     * temporary file, and a complete lease whose temporary name was not yet removed. The next
     * holder of the lock clears tmp/, and the dead container's lease goes with reclaim.
     */
    @Test
    void whatAKilledAllocationLeavesIsClearedAndReclaimed() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        leases.allocate("c1");
        Path tmpDir = tmp.resolve("crate0/tmp");
        Files.writeString(tmpDir.resolve("10.88.0.3.half-written"), "dea");
        Files.writeString(tmpDir.resolve("10.88.0.4.linked"), "dead\n");
        Files.createLink(tmp.resolve("crate0/leases/10.88.0.4"), tmpDir.resolve("10.88.0.4.linked"));
        Files.writeString(tmpDir.resolve("last.not-renamed"), "10.88.0.4\n");

        assertEquals(Map.of(Ipv4Address.parse("10.88.0.2"), "c1", Ipv4Address.parse("10.88.0.4"), "dead"), leases.leases());
        assertEquals("10.88.0.3", leases.allocate("c2").toString());
        assertEquals(List.of(), tmpFiles());
        assertEquals(Map.of(Ipv4Address.parse("10.88.0.4"), "dead"), leases.reclaim(id -> !id.equals("dead")));
        assertEquals("10.88.0.4", leases.allocate("c3").toString());
    }

    @Test
    void aLeaseFileWithoutItsNewlineStillCounts() throws Exception {
        IpLeases leases = leases("10.88.0.0/24");
        leases.allocate("c1");
        Files.writeString(tmp.resolve("crate0/leases/10.88.0.3"), "c2");
        assertEquals(Optional.of(Ipv4Address.parse("10.88.0.3")), leases.addressOf("c2"));
        assertEquals("10.88.0.3", leases.allocate("c2").toString());
    }
    @Test
    void allocationWithALivenessCheckFreesWhatDeadContainersHeld() throws Exception {
        IpLeases leases = leases("10.88.0.0/30");
        leases.allocate("crashed");
        assertThrows(CrateException.class, () -> leases.allocate("new"));
        assertEquals("10.88.0.2", leases.allocate("new", id -> !id.equals("crashed")).toString());
        assertEquals(Map.of(Ipv4Address.parse("10.88.0.2"), "new"), leases.leases());
        // The container being created is not alive yet: its own lease is kept.
        assertEquals("10.88.0.2", leases.allocate("new", id -> false).toString());
        CrateException e = assertThrows(CrateException.class, () -> leases.allocate("other", id -> true));
        assertEquals("network crate0 (10.88.0.0/30): no free address (2 in use)", e.getMessage());
    }
}
