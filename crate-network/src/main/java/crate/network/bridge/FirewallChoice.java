package crate.network.bridge;

import crate.api.CrateException;
import crate.network.firewall.CommandRunner;
import crate.network.firewall.Firewall;
import crate.network.firewall.Firewalls;
import crate.network.firewall.NftFirewall;

/** The firewall that {@code network.firewall} names: "auto" (nft if it runs, else iptables), "nftables" or "iptables". */
final class FirewallChoice {
    private FirewallChoice() {}

    static Firewall of(String setting, CommandRunner runner) throws CrateException {
        return switch (setting) {
            case "nftables" -> new NftFirewall(runner, "nft");
            case "iptables" -> Firewalls.iptables(runner);
            case "auto" -> Firewalls.detect(runner);
            default -> throw new CrateException("network bridge: firewall \"" + setting
                    + "\" is not auto, nftables or iptables (config network.firewall)");
        };
    }
}
