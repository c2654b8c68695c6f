package crate.network.firewall;

import crate.api.CrateException;
import java.util.List;

/** Chooses the host's firewall tool: nft when it runs, else the first iptables that does. */
public final class Firewalls {
    private static final List<String> IPTABLES = List.of("iptables", "iptables-nft", "iptables-legacy");

    private Firewalls() {}

    /** nftables if {@code nft --version} runs, else iptables, iptables-nft or iptables-legacy. */
    public static Firewall detect(CommandRunner runner) throws CrateException {
        if (runner.succeeds(List.of("nft", "--version"))) {
            return new NftFirewall(runner, "nft");
        }
        return iptables(runner);
    }

    /** The iptables fallback alone (what {@link #detect} picks on a host without nft). */
    public static Firewall iptables(CommandRunner runner) throws CrateException {
        for (String iptables : IPTABLES) {
            if (runner.succeeds(List.of(iptables, "--version"))) {
                return new IptablesFirewall(runner, iptables, iptables.replace("iptables", "iptables-restore"));
            }
        }
        throw new CrateException("no firewall tool found: install nftables (nft) or iptables");
    }
}
