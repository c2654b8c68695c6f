package crate.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftListingTest {

    /** Shortened from {@code nft -j list table ip crate} (nft 1.0.6). */
    private static final String LISTING = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
             {"table": {"family": "ip", "name": "crate", "handle": 3}},
             {"chain": {"family": "ip", "table": "crate", "name": "prerouting", "handle": 1, "type": "nat",
                        "hook": "prerouting", "prio": -100, "policy": "accept"}},
             {"rule": {"family": "ip", "table": "crate", "chain": "prerouting", "handle": 7,
                       "comment": "crate:web", "expr": [{"dnat": {"addr": "10.88.0.2", "port": 80}}]}},
             {"rule": {"family": "ip", "table": "crate", "chain": "forward", "handle": 9,
                       "expr": [{"accept": null}]}}]}
            """;

    @Test
    void rulesAreReadWithChainHandleAndComment() throws CrateException {
        assertEquals(List.of(new NftListing.Rule("prerouting", 7, "crate:web"), new NftListing.Rule("forward", 9, "")),
                NftListing.parse(LISTING));
    }

    @Test
    void theTableIsFoundAmongTheTables() throws CrateException {
        assertTrue(NftListing.hasTable(LISTING));
        assertFalse(NftListing.hasTable("{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"nat\"}}]}"));
    }

    @Test
    void aListingThatIsNotJsonIsAnError() {
        assertThrows(CrateException.class, () -> NftListing.parse("table ip crate {"));
    }
}
