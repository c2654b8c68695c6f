package crate.network.firewall;

import crate.api.CrateException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback firewall through {@code iptables} (any backend: legacy, nf_tables) for hosts
 * without {@code nft}. crate's chains and their jumps are created once with single
 * idempotent commands; rules are then changed with one {@code iptables-restore --noflush}
 * input per change (each table's part commits as a whole), deleting a tagged rule by its
 * exact listed spec ({@code -S} with {@code -A} turned into {@code -D}).
 */
public final class IptablesFirewall implements Firewall {
    private final CommandRunner runner;
    private final String iptables;
    private final String restore;

    /**
     * @param iptables the iptables executable ({@code iptables}, {@code iptables-nft}, {@code iptables-legacy})
     * @param restore its restore companion ({@code iptables-restore}, ...)
     */
    public IptablesFirewall(CommandRunner runner, String iptables, String restore) {
        this.runner = runner;
        this.iptables = iptables;
        this.restore = restore;
    }

    @Override
    public String name() {
        return "iptables";
    }

    @Override
    public void addBridge(BridgeNetwork network) throws CrateException {
        ensureChains();
        replace(RuleTag.ofBridge(network), IptablesRules.bridgeRules(network), "bridge " + network.bridge());
    }

    @Override
    public void removeBridge(BridgeNetwork network) throws CrateException {
        replace(RuleTag.ofBridge(network), List.of(), "bridge " + network.bridge());
    }

    @Override
    public void addContainer(ContainerPorts container) throws CrateException {
        ensureChains();
        replace(RuleTag.of(container.containerId()), IptablesRules.containerRules(container),
                "container " + container.containerId());
    }

    @Override
    public void removeContainer(String containerId) throws CrateException {
        replace(RuleTag.of(containerId), List.of(), "container " + containerId);
    }

    /** The rules of crate's chains as {@code iptables -S} lists them (none if the chains are missing). */
    List<IptablesRules.Line> rules() throws CrateException {
        List<IptablesRules.Line> lines = new ArrayList<>();
        for (IptablesRules.Chain chain : IptablesRules.CHAINS) {
            CommandRunner.Result listed = runner.run(List.of(iptables, "-w", "-t", chain.table(), "-S", chain.name()), "");
            if (listed.exitStatus() != 0) {
                continue; // the chain does not exist (yet): it holds no rule
            }
            listed.stdout().lines().filter(l -> l.startsWith("-A ")).forEach(l -> lines.add(
                    new IptablesRules.Line(chain.table(), l)));
        }
        return lines;
    }

    private void ensureChains() throws CrateException {
        for (IptablesRules.Chain chain : IptablesRules.CHAINS) {
            if (!runner.succeeds(List.of(iptables, "-w", "-t", chain.table(), "-S", chain.name()))) {
                run(List.of(iptables, "-w", "-t", chain.table(), "-N", chain.name()), "creating chain " + chain.name());
            }
            List<String> jump = List.of("-j", chain.name());
            List<String> check = new ArrayList<>(List.of(iptables, "-w", "-t", chain.table(), "-C", chain.builtin()));
            check.addAll(jump);
            if (!runner.succeeds(check)) {
                List<String> insert = new ArrayList<>(List.of(iptables, "-w", "-t", chain.table(), "-I", chain.builtin(), "1"));
                insert.addAll(jump);
                run(insert, "jumping from " + chain.builtin() + " to " + chain.name());
            }
        }
    }

    private void replace(String tag, List<IptablesRules.Line> newRules, String what) throws CrateException {
        List<IptablesRules.Line> lines = new ArrayList<>();
        for (IptablesRules.Line listed : rules()) {
            if (IptablesRules.commentOf(listed.rule()).filter(tag::equals).isPresent()) {
                lines.add(new IptablesRules.Line(listed.table(), IptablesRules.deletion(listed.rule())));
            }
        }
        lines.addAll(newRules);
        if (!lines.isEmpty()) {
            CommandRunner.Result result = runner.run(List.of(restore, "-w", "--noflush"), IptablesRules.restoreInput(lines));
            if (result.exitStatus() != 0) {
                throw new CrateException("iptables: rules for " + what + " failed: " + result.stderrLine());
            }
        }
    }

    private void run(List<String> argv, String what) throws CrateException {
        CommandRunner.Result result = runner.run(argv, "");
        if (result.exitStatus() != 0) {
            throw new CrateException("iptables: " + what + " failed: " + result.stderrLine());
        }
    }
}
