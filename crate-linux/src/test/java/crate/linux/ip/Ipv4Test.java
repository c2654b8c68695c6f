package crate.linux.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import org.junit.jupiter.api.Test;

class Ipv4Test {

    @Test
    void parsesPrintsAndConvertsToNetworkOrderBytes() throws CrateException {
        Ipv4Address address = Ipv4Address.parse("10.88.0.255");
        assertEquals(0x0a5800ff, address.bits());
        assertEquals("10.88.0.255", address.toString());
        assertArrayEquals(new byte[] {10, 88, 0, (byte) 255}, address.octets());
        assertEquals(address, Ipv4Address.fromBytes(address.octets()));
        assertEquals("255.255.255.255", Ipv4Address.parse("255.255.255.255").toString());
    }

    @Test
    void refusesWhatIsNotADottedQuad() {
        for (String bad : new String[] {"", "10.0.0", "10.0.0.1.2", "10.0.0.256", "10.0.-1.1", "a.b.c.d", "10..0.1", "1000.0.0.1",
            "010.0.0.1"}) {
            CrateException e = assertThrows(CrateException.class, () -> Ipv4Address.parse(bad), bad);
            assertEquals("\"" + bad + "\" is not an IPv4 address (a.b.c.d, each 0-255)", e.getMessage());
        }
    }

    @Test
    void cidrKnowsItsNetworkAndBroadcast() throws CrateException {
        Ipv4Cidr cidr = Ipv4Cidr.parse("10.88.3.7/16");
        assertEquals("10.88.0.0", cidr.network().toString());
        assertEquals("10.88.255.255", cidr.broadcast().toString());
        assertEquals("10.88.3.7/16", cidr.toString());
        assertEquals("0.0.0.0", Ipv4Cidr.parse("1.2.3.4/0").network().toString());
        assertEquals("1.2.3.4", Ipv4Cidr.parse("1.2.3.4/32").broadcast().toString());
    }

    @Test
    void cidrRefusesBadLengths() {
        for (String bad : new String[] {"10.0.0.1", "10.0.0.1/", "10.0.0.1/33", "10.0.0.1/x", "10.0.0.1/-1"}) {
            assertThrows(CrateException.class, () -> Ipv4Cidr.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Cidr(new Ipv4Address(0), 33));
    }
}
