package crate.network.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.CrateException;
import java.util.ArrayList;
import java.util.List;

/** The rules of crate's table as {@code nft -j list table ip crate} prints them. */
final class NftListing {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One rule: its chain, its handle (what {@code delete rule} needs) and its comment. */
    record Rule(String chain, long handle, String comment) {}

    private NftListing() {}

    /** The rules in {@code json}, in listing order; rules without a comment have "". */
    static List<Rule> parse(String json) throws CrateException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new CrateException("nft printed a listing that is not JSON: " + e.getMessage(), e);
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode item : root.path("nftables")) {
            JsonNode rule = item.path("rule");
            if (rule.isObject() && NftRules.TABLE.equals(rule.path("table").asText())) {
                rules.add(new Rule(rule.path("chain").asText(), rule.path("handle").asLong(),
                        rule.path("comment").asText("")));
            }
        }
        return List.copyOf(rules);
    }

    /** Whether {@code nft -j list tables ip} names crate's table. */
    static boolean hasTable(String json) throws CrateException {
        try {
            for (JsonNode item : JSON.readTree(json).path("nftables")) {
                if (NftRules.TABLE.equals(item.path("table").path("name").asText(null))) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw new CrateException("nft printed a listing that is not JSON: " + e.getMessage(), e);
        }
    }
}
