package crate.linux.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4SubnetTest {
    private static Ipv4Address ip(String text) throws CrateException {
        return Ipv4Address.parse(text);
    }

    @Test
    void slash16HasNetworkGatewayHostsAndBroadcast() throws Exception {
        Ipv4Subnet subnet = Ipv4Subnet.parse("10.88.0.0/16");
        assertEquals("10.88.0.0", subnet.network().toString());
        assertEquals("255.255.0.0", subnet.netmask().toString());
        assertEquals("10.88.0.1", subnet.gateway().toString());
        assertEquals("10.88.0.2", subnet.firstAllocatable().toString());
        assertEquals("10.88.255.254", subnet.lastAllocatable().toString());
        assertEquals("10.88.255.255", subnet.broadcast().toString());
        assertEquals(65533, subnet.allocatableCount());
        assertEquals("10.88.0.0/16", subnet.toString());
    }

    @Test
    void slash30LeavesOneAddressForAContainer() throws Exception {
        Ipv4Subnet subnet = Ipv4Subnet.parse("192.168.7.4/30");
        assertEquals("192.168.7.5", subnet.gateway().toString());
        assertEquals("192.168.7.6", subnet.firstAllocatable().toString());
        assertEquals("192.168.7.6", subnet.lastAllocatable().toString());
        assertEquals("192.168.7.7", subnet.broadcast().toString());
        assertEquals(1, subnet.allocatableCount());
    }

    @Test
    void networkGatewayAndBroadcastAreNotAllocatable() throws Exception {
        Ipv4Subnet subnet = Ipv4Subnet.parse("10.88.0.0/24");
        assertFalse(subnet.isAllocatable(ip("10.88.0.0")));
        assertFalse(subnet.isAllocatable(ip("10.88.0.1")));
        assertTrue(subnet.isAllocatable(ip("10.88.0.2")));
        assertTrue(subnet.isAllocatable(ip("10.88.0.254")));
        assertFalse(subnet.isAllocatable(ip("10.88.0.255")));
        assertFalse(subnet.isAllocatable(ip("10.88.1.2")));
        assertTrue(subnet.contains(ip("10.88.0.255")));
        assertFalse(subnet.contains(ip("10.89.0.2")));
    }

    @Test
    void highAddressesCompareAsUnsigned() throws Exception {
        Ipv4Subnet subnet = Ipv4Subnet.parse("200.1.2.0/24");
        assertEquals("200.1.2.255", subnet.broadcast().toString());
        assertTrue(subnet.isAllocatable(ip("200.1.2.100")));
        assertFalse(subnet.isAllocatable(ip("10.1.2.100")));
        assertTrue(ip("200.0.0.0").compareTo(ip("10.0.0.0")) > 0);
        assertEquals(4278190080L, ip("255.0.0.0").value());
    }

    @Test
    void nextAllocatableWrapsFromLastToFirst() throws Exception {
        Ipv4Subnet subnet = Ipv4Subnet.parse("10.0.0.0/29");
        assertEquals("10.0.0.3", subnet.nextAllocatable(ip("10.0.0.2"), 1).toString());
        assertEquals("10.0.0.2", subnet.nextAllocatable(ip("10.0.0.6"), 1).toString());
        assertEquals("10.0.0.4", subnet.nextAllocatable(ip("10.0.0.5"), 4).toString());
    }

    @Test
    void slash31AndSlash32AreRefusedWithAReason() {
        CrateException e31 = assertThrows(CrateException.class, () -> Ipv4Subnet.parse("10.0.0.0/31"));
        assertEquals("subnet \"10.0.0.0/31\": a /31 has no address for a container besides the gateway;"
                + " use a prefix of /30 or shorter", e31.getMessage());
        CrateException e32 = assertThrows(CrateException.class, () -> Ipv4Subnet.parse("10.0.0.1/32"));
        assertTrue(e32.getMessage().contains("a /32 has no address"), e32.getMessage());
    }

    @Test
    void hostBitsAreRefusedNamingTheNetwork() {
        CrateException e = assertThrows(CrateException.class, () -> Ipv4Subnet.parse("10.88.0.5/16"));
        assertEquals("subnet \"10.88.0.5/16\": host bits are set; the network is 10.88.0.0/16", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.88.0.0", "10.88.0.0/", "10.88.0.0/0", "10.88.0.0/33", "10.88.0.0/-1", "10.88.0.0/16/1",
        "10.88.0/16", "10.088.0.0/16", "10.88.0.256/24", "crate0/16", "/16", "10.88.0.0/ 16", "10.88.0.0/+8"})
    void malformedSubnetsAreRefused(String text) {
        CrateException e = assertThrows(CrateException.class, () -> Ipv4Subnet.parse(text));
        assertTrue(e.getMessage().startsWith("subnet \"" + text + "\": "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "1.2.3.04", "1.2.3.-4", "a.b.c.d", "256.0.0.1", "1.2..3", " 1.2.3.4"})
    void malformedAddressesAreRefused(String text) {
        assertThrows(CrateException.class, () -> Ipv4Address.parse(text));
    }

    @Test
    void addressesRoundTripThroughTextAndOctets() throws Exception {
        Ipv4Address address = ip("172.17.250.3");
        assertEquals("172.17.250.3", address.toString());
        assertArrayEquals(new byte[] {(byte) 172, 17, (byte) 250, 3}, address.octets());
        assertEquals("/172.17.250.3", address.toInetAddress().toString());
        assertEquals(ip("0.0.0.0"), new Ipv4Address(0));
        assertEquals("255.255.255.255", new Ipv4Address(-1).toString());
    }

    @Test
    void theConstructorRefusesWhatParseRefuses() throws Exception {
        Ipv4Address network = ip("10.0.0.0");
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Subnet(network, 31));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Subnet(ip("10.0.0.4"), 24));
    }
}
