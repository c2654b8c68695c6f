package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of crate's networking the host's own (default) network namespace holds, read with
 * read-only commands run from the test JVM, which is in it: crate's bridge, crate's nft table
 * and veths named as the bridge driver names them. The bridge tests must never add any.
 */
record DefaultNetns(Set<String> crateLinks, boolean crateTable) {
    private static final Pattern LINK = Pattern.compile("^[0-9]+: ([^:@]+)[:@]", Pattern.MULTILINE);
    private static final Pattern CRATE_LINK = Pattern.compile("crate0|veth[0-9a-f]{11}");

    static DefaultNetns read() {
        CrateCli.Result links = CrateCli.exec(List.of("ip", "-o", "link", "show"), null);
        if (links.exit() != 0) {
            throw new IllegalStateException("ip -o link show: " + links.err());
        }
        Set<String> crate = new TreeSet<>();
        Matcher m = LINK.matcher(links.out());
        while (m.find()) {
            if (CRATE_LINK.matcher(m.group(1)).matches()) {
                crate.add(m.group(1));
            }
        }
        CrateCli.Result tables = CrateCli.exec(List.of("nft", "list", "tables"), null);
        return new DefaultNetns(crate, tables.exit() == 0 && tables.out().lines().anyMatch("table ip crate"::equals));
    }

    /** Fails if {@code now} has a crate link or table that this snapshot had not. */
    void assertNothingOfCrateAddedBy(DefaultNetns now) {
        Set<String> added = new TreeSet<>(now.crateLinks);
        added.removeAll(crateLinks);
        assertEquals(Set.of(), added, "crate's links in the host's default network namespace");
        assertEquals(crateTable, now.crateTable, "table ip crate in the host's default network namespace");
    }
}
