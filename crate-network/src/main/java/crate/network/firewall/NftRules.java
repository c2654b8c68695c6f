package crate.network.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of crate's nft batches ({@code nft -f -}): pure generation, no I/O.
 *
 * <p>Layout of {@code table ip crate} (nothing outside it is touched):
 * <ul>
 *   <li>{@code prerouting} (nat, -100) and {@code output} (nat, -100): one DNAT per published
 *       port and container. Without a host IP the match is {@code fib daddr type local}: any of
 *       the host's addresses, 127.0.0.1 included.
 *   <li>{@code postrouting} (nat, 100): per bridge, masquerade of the subnet leaving through
 *       any other interface, and masquerade of 127.0.0.0/8 going into the bridge: a DNAT'd
 *       connection from 127.0.0.1 keeps that source, which the container would answer to its
 *       own loopback; rewritten to the bridge's address, the reply comes back. The kernel
 *       also refuses to route a 127.0.0.0/8 source out of a non-loopback interface unless
 *       {@code net.ipv4.conf.<bridge>.route_localnet=1} (see {@link NetSysctls}): both are
 *       needed, as with Docker without its userland proxy.
 *   <li>{@code forward} (filter, 0, policy accept): accepts the bridge's traffic. nftables
 *       evaluates every base chain of the hook: an accept here does not override a drop in
 *       another table (e.g. Docker's {@code FORWARD} policy drop); crate does not touch other
 *       tables, so such a host needs its own rule for the bridge.
 * </ul>
 */
final class NftRules {
    static final String TABLE = "crate";
    static final String FAMILY_TABLE = "ip " + TABLE;

    private NftRules() {}

    /** Creates the table and its chains if missing ({@code add} never fails on an existing one). */
    static List<String> tableAndChains() {
        return List.of(
                "add table " + FAMILY_TABLE,
                "add chain " + FAMILY_TABLE + " prerouting { type nat hook prerouting priority -100; policy accept; }",
                "add chain " + FAMILY_TABLE + " output { type nat hook output priority -100; policy accept; }",
                "add chain " + FAMILY_TABLE + " postrouting { type nat hook postrouting priority 100; policy accept; }",
                "add chain " + FAMILY_TABLE + " forward { type filter hook forward priority 0; policy accept; }");
    }

    /** The bridge's shared rules. */
    static List<String> bridgeRules(BridgeNetwork network) {
        String tag = comment(RuleTag.ofBridge(network));
        String br = quote(network.bridge());
        return List.of(
                rule("postrouting", "ip saddr " + network.cidr() + " oifname != " + br + " masquerade" + tag),
                rule("postrouting", "ip saddr 127.0.0.0/8 oifname " + br + " masquerade" + tag),
                rule("forward", "iifname " + br + " accept" + tag),
                rule("forward", "oifname " + br + " ct state established,related accept" + tag),
                rule("forward", "oifname " + br + " ct status dnat accept" + tag));
    }

    /** The container's DNAT rules, one per published port in prerouting and in output. */
    static List<String> containerRules(ContainerPorts container) {
        String tag = comment(RuleTag.of(container.containerId()));
        List<String> lines = new ArrayList<>();
        for (PortMapping port : container.ports()) {
            String match = port.hostIp().map(ip -> "ip daddr " + ip.getHostAddress()).orElse("fib daddr type local")
                    + " " + port.protocol().keyword() + " dport " + port.hostPort();
            String dnat = " dnat to " + container.address().getHostAddress() + ":" + port.containerPort();
            lines.add(rule("prerouting", match + dnat + tag));
            lines.add(rule("output", match + dnat + tag));
        }
        return lines;
    }

    /** Deletes one listed rule. */
    static String delete(NftListing.Rule rule) {
        return "delete rule " + FAMILY_TABLE + " " + rule.chain() + " handle " + rule.handle();
    }

    /** Joins lines into a batch for {@code nft -f -}. */
    static String batch(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String rule(String chain, String body) {
        return "add rule " + FAMILY_TABLE + " " + chain + " " + body;
    }

    private static String comment(String tag) {
        return " comment " + quote(tag);
    }

    private static String quote(String word) {
        // Interface names and tags are checked to hold no quote or blank (BridgeNetwork, RuleTag).
        return "\"" + word + "\"";
    }
}
