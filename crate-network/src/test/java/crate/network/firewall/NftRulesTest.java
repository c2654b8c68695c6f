package crate.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftRulesTest {

    static ContainerPorts container(String id, String ip, String... specs) throws Exception {
        List<PortMapping> ports = new ArrayList<>();
        for (String spec : specs) {
            ports.addAll(PortMapping.parse(spec));
        }
        return new ContainerPorts(id, (Inet4Address) InetAddress.getByName(ip), ports);
    }

    @Test
    void bridgeMasqueradesItsSubnetAndLocalhostAndForwardsItsTraffic() throws CrateException {
        BridgeNetwork network = BridgeNetwork.of("crate0", "10.88.0.1/16");
        assertEquals(List.of(
                "add rule ip crate postrouting ip saddr 10.88.0.0/16 oifname != \"crate0\" masquerade comment \"crate-bridge:crate0\"",
                "add rule ip crate postrouting ip saddr 127.0.0.0/8 oifname \"crate0\" masquerade comment \"crate-bridge:crate0\"",
                "add rule ip crate forward iifname \"crate0\" accept comment \"crate-bridge:crate0\"",
                "add rule ip crate forward oifname \"crate0\" ct state established,related accept comment \"crate-bridge:crate0\"",
                "add rule ip crate forward oifname \"crate0\" ct status dnat accept comment \"crate-bridge:crate0\""),
                NftRules.bridgeRules(network));
    }

    @Test
    void eachPublishedPortIsDnattedInPreroutingAndOutput() throws Exception {
        assertEquals(List.of(
                "add rule ip crate prerouting fib daddr type local tcp dport 8080 dnat to 10.88.0.2:80 comment \"crate:web\"",
                "add rule ip crate output fib daddr type local tcp dport 8080 dnat to 10.88.0.2:80 comment \"crate:web\"",
                "add rule ip crate prerouting ip daddr 127.0.0.1 udp dport 5353 dnat to 10.88.0.2:53 comment \"crate:web\"",
                "add rule ip crate output ip daddr 127.0.0.1 udp dport 5353 dnat to 10.88.0.2:53 comment \"crate:web\""),
                NftRules.containerRules(container("web", "10.88.0.2", "8080:80", "127.0.0.1:5353:53/udp")));
    }

    @Test
    void aContainerWithoutPortsHasNoRules() throws Exception {
        assertEquals(List.of(), NftRules.containerRules(container("quiet", "10.88.0.3")));
    }

    @Test
    void deletionIsByChainAndHandle() {
        assertEquals("delete rule ip crate output handle 42",
                NftRules.delete(new NftListing.Rule("output", 42, "crate:web")));
    }

    @Test
    void badSubnetsAndBridgeNamesAreRefused() {
        assertEquals("invalid subnet \"10.88.0.0\" for bridge crate0: expected A.B.C.D/N",
                assertThrows(CrateException.class, () -> BridgeNetwork.of("crate0", "10.88.0.0")).getMessage());
        assertThrows(CrateException.class, () -> BridgeNetwork.of("crate0", "10.88.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> BridgeNetwork.of("crate\"0", "10.88.0.0/16"));
        assertThrows(IllegalArgumentException.class, () -> BridgeNetwork.of("a-name-longer-than-15", "10.88.0.0/16"));
    }

    @Test
    void longIdsAreTaggedWithAStableDigestThatFitsNftsCommentLimit() {
        String id = "a".repeat(300);
        String tag = RuleTag.of(id);
        assertEquals(tag, RuleTag.of(id));
        assertEquals("crate:sha256-".length() + 32, tag.length());
        assertEquals("crate:" + "b".repeat(100), RuleTag.of("b".repeat(100)));
        assertThrows(IllegalArgumentException.class, () -> RuleTag.of("x\" accept"));
        assertThrows(IllegalArgumentException.class, () -> RuleTag.of(""));
    }
}
