package crate.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.CrateException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IptablesRulesTest {

    @Test
    void containerRulesMatchLocalAddressesOrTheHostIp() throws Exception {
        assertEquals(List.of(
                new IptablesRules.Line("nat", "-A CRATE-PREROUTING -m addrtype --dst-type LOCAL -p tcp -m tcp --dport 8080"
                        + " -m comment --comment crate:web -j DNAT --to-destination 10.88.0.2:80"),
                new IptablesRules.Line("nat", "-A CRATE-OUTPUT -m addrtype --dst-type LOCAL -p tcp -m tcp --dport 8080"
                        + " -m comment --comment crate:web -j DNAT --to-destination 10.88.0.2:80"),
                new IptablesRules.Line("nat", "-A CRATE-PREROUTING -d 127.0.0.1/32 -p udp -m udp --dport 5353"
                        + " -m comment --comment crate:web -j DNAT --to-destination 10.88.0.2:53"),
                new IptablesRules.Line("nat", "-A CRATE-OUTPUT -d 127.0.0.1/32 -p udp -m udp --dport 5353"
                        + " -m comment --comment crate:web -j DNAT --to-destination 10.88.0.2:53")),
                IptablesRules.containerRules(NftRulesTest.container("web", "10.88.0.2", "8080:80", "127.0.0.1:5353:53/udp")));
    }

    @Test
    void restoreInputGroupsLinesPerTable() throws CrateException {
        String input = IptablesRules.restoreInput(IptablesRules.bridgeRules(BridgeNetwork.of("crate0", "10.88.0.0/16")));
        assertEquals("""
                *nat
                -A CRATE-POSTROUTING -s 10.88.0.0/16 ! -o crate0 -m comment --comment crate-bridge:crate0 -j MASQUERADE
                -A CRATE-POSTROUTING -s 127.0.0.0/8 -o crate0 -m comment --comment crate-bridge:crate0 -j MASQUERADE
                COMMIT
                *filter
                -A CRATE-FORWARD -i crate0 -m comment --comment crate-bridge:crate0 -j ACCEPT
                -A CRATE-FORWARD -o crate0 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment crate-bridge:crate0 -j ACCEPT
                -A CRATE-FORWARD -o crate0 -m conntrack --ctstate DNAT -m comment --comment crate-bridge:crate0 -j ACCEPT
                COMMIT
                """, input);
    }

    @Test
    void listedRulesAreRecognisedByTheirCommentQuotedOrNot() {
        String listed = "-A CRATE-OUTPUT -p tcp -m tcp --dport 80 -m comment --comment \"crate:web\" -j DNAT"
                + " --to-destination 10.0.0.2:80";
        assertEquals(Optional.of("crate:web"), IptablesRules.commentOf(listed));
        assertEquals(Optional.of("crate:web"), IptablesRules.commentOf("-A X -m comment --comment crate:web -j ACCEPT"));
        assertEquals(Optional.empty(), IptablesRules.commentOf("-A X -j ACCEPT"));
        assertEquals("-D CRATE-OUTPUT -p tcp -m tcp --dport 80 -m comment --comment \"crate:web\" -j DNAT"
                + " --to-destination 10.0.0.2:80", IptablesRules.deletion(listed));
    }
}
