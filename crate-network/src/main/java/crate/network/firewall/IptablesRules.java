package crate.network.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The iptables fallback's rules, as lines for {@code iptables-restore --noflush}: pure
 * generation and parsing, no I/O.
 *
 * <p>The same semantics as {@link NftRules}, in crate's own chains: {@code CRATE-PREROUTING},
 * {@code CRATE-OUTPUT}, {@code CRATE-POSTROUTING} in the nat table and {@code CRATE-FORWARD}
 * in the filter table, each reached by one jump at the top of the built-in chain of the same
 * hook (the only change to the host's chains; the jump into {@code CRATE-FORWARD} comes
 * first so that a drop policy or rules below it do not stop the bridge's traffic).
 * {@code fib daddr type local} becomes {@code -m addrtype --dst-type LOCAL}.
 */
final class IptablesRules {
    /** A crate chain and the built-in chain and table that jump into it. */
    record Chain(String table, String builtin, String name) {}

    static final Chain PREROUTING = new Chain("nat", "PREROUTING", "CRATE-PREROUTING");
    static final Chain OUTPUT = new Chain("nat", "OUTPUT", "CRATE-OUTPUT");
    static final Chain POSTROUTING = new Chain("nat", "POSTROUTING", "CRATE-POSTROUTING");
    static final Chain FORWARD = new Chain("filter", "FORWARD", "CRATE-FORWARD");
    static final List<Chain> CHAINS = List.of(PREROUTING, OUTPUT, POSTROUTING, FORWARD);

    private static final Pattern COMMENT = Pattern.compile("--comment (?:\"([^\"]*)\"|(\\S+))");

    private IptablesRules() {}

    /** A rule of one table: {@code -A CHAIN ...} without the table. */
    record Line(String table, String rule) {}

    static List<Line> bridgeRules(BridgeNetwork network) {
        String tag = comment(RuleTag.ofBridge(network));
        String br = network.bridge();
        return List.of(
                new Line("nat", "-A " + POSTROUTING.name() + " -s " + network.cidr() + " ! -o " + br + tag
                        + " -j MASQUERADE"),
                new Line("nat", "-A " + POSTROUTING.name() + " -s 127.0.0.0/8 -o " + br + tag + " -j MASQUERADE"),
                new Line("filter", "-A " + FORWARD.name() + " -i " + br + tag + " -j ACCEPT"),
                new Line("filter", "-A " + FORWARD.name() + " -o " + br
                        + " -m conntrack --ctstate RELATED,ESTABLISHED" + tag + " -j ACCEPT"),
                new Line("filter", "-A " + FORWARD.name() + " -o " + br + " -m conntrack --ctstate DNAT" + tag
                        + " -j ACCEPT"));
    }

    static List<Line> containerRules(ContainerPorts container) {
        String tag = comment(RuleTag.of(container.containerId()));
        List<Line> lines = new ArrayList<>();
        for (PortMapping port : container.ports()) {
            String proto = port.protocol().keyword();
            String match = port.hostIp().map(ip -> " -d " + ip.getHostAddress() + "/32")
                    .orElse(" -m addrtype --dst-type LOCAL")
                    + " -p " + proto + " -m " + proto + " --dport " + port.hostPort();
            String dnat = " -j DNAT --to-destination " + container.address().getHostAddress() + ":"
                    + port.containerPort();
            lines.add(new Line("nat", "-A " + PREROUTING.name() + match + tag + dnat));
            lines.add(new Line("nat", "-A " + OUTPUT.name() + match + tag + dnat));
        }
        return lines;
    }

    /** The comment of a rule as {@code iptables -S} prints it, if it has one. */
    static Optional<String> commentOf(String listedRule) {
        Matcher m = COMMENT.matcher(listedRule);
        return m.find() ? Optional.of(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
    }

    /** {@code -A CHAIN spec} as listed becomes {@code -D CHAIN spec}, which deletes that rule. */
    static String deletion(String listedRule) {
        return "-D" + listedRule.substring(2);
    }

    /** An input for {@code iptables-restore --noflush}: the lines grouped per table. */
    static String restoreInput(List<Line> lines) {
        StringBuilder text = new StringBuilder();
        for (String table : List.of("nat", "filter")) {
            List<String> rules = lines.stream().filter(l -> l.table().equals(table)).map(Line::rule).toList();
            if (!rules.isEmpty()) {
                text.append('*').append(table).append('\n');
                rules.forEach(r -> text.append(r).append('\n'));
                text.append("COMMIT\n");
            }
        }
        return text.toString();
    }

    private static String comment(String tag) {
        return " -m comment --comment " + tag;
    }
}
