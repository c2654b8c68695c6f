package crate.network.firewall;

import crate.api.CrateException;
import java.util.ArrayList;
import java.util.List;

/**
 * The firewall through {@code nft}: each change is one batch on {@code nft -f -}, which nft
 * applies as one transaction (all or nothing). A rule is replaced by deleting it by handle
 * (found with {@code nft -j list table ip crate} and its comment) and adding the new one in
 * the same batch.
 */
public final class NftFirewall implements Firewall {
    private final CommandRunner runner;
    private final String nft;

    /** @param nft the nft executable, e.g. {@code nft} or {@code /usr/sbin/nft} */
    public NftFirewall(CommandRunner runner, String nft) {
        this.runner = runner;
        this.nft = nft;
    }

    @Override
    public String name() {
        return "nftables";
    }

    @Override
    public void addBridge(BridgeNetwork network) throws CrateException {
        replace(RuleTag.ofBridge(network), NftRules.bridgeRules(network), "bridge " + network.bridge());
    }

    @Override
    public void removeBridge(BridgeNetwork network) throws CrateException {
        remove(RuleTag.ofBridge(network), "bridge " + network.bridge());
    }

    @Override
    public void addContainer(ContainerPorts container) throws CrateException {
        replace(RuleTag.of(container.containerId()), NftRules.containerRules(container),
                "container " + container.containerId());
    }

    @Override
    public void removeContainer(String containerId) throws CrateException {
        remove(RuleTag.of(containerId), "container " + containerId);
    }

    /** The rules now in crate's table; none when the table does not exist. */
    List<NftListing.Rule> rules() throws CrateException {
        CommandRunner.Result tables = runner.run(List.of(nft, "-j", "list", "tables", "ip"), "");
        check(tables, "listing tables");
        if (!NftListing.hasTable(tables.stdout())) {
            return List.of();
        }
        CommandRunner.Result table = runner.run(List.of(nft, "-j", "list", "table", "ip",
                NftRules.TABLE), "");
        check(table, "listing table " + NftRules.FAMILY_TABLE);
        return NftListing.parse(table.stdout());
    }

    /** The ruleset of crate's table as nft prints it (for reports and tests). */
    public String listing() throws CrateException {
        CommandRunner.Result table = runner.run(List.of(nft, "list", "table", "ip", NftRules.TABLE), "");
        check(table, "listing table " + NftRules.FAMILY_TABLE);
        return table.stdout();
    }

    private void replace(String tag, List<String> newRules, String what) throws CrateException {
        List<String> batch = new ArrayList<>(NftRules.tableAndChains());
        deletions(tag, batch);
        batch.addAll(newRules);
        apply(batch, "rules for " + what);
    }

    private void remove(String tag, String what) throws CrateException {
        List<String> batch = new ArrayList<>();
        deletions(tag, batch);
        if (!batch.isEmpty()) {
            apply(batch, "removing rules of " + what);
        }
    }

    private void deletions(String tag, List<String> batch) throws CrateException {
        for (NftListing.Rule rule : rules()) {
            if (rule.comment().equals(tag)) {
                batch.add(NftRules.delete(rule));
            }
        }
    }

    private void apply(List<String> lines, String what) throws CrateException {
        check(runner.run(List.of(nft, "-f", "-"), NftRules.batch(lines)), what);
    }

    private static void check(CommandRunner.Result result, String what) throws CrateException {
        if (result.exitStatus() != 0) {
            throw new CrateException("nftables: " + what + " failed: " + result.stderrLine());
        }
    }
}
