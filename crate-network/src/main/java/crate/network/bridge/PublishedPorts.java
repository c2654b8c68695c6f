package crate.network.bridge;

import crate.api.CrateException;
import crate.network.firewall.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ports one container publishes: the {@code -p} values as given (one per line of the
 * {@link crate.api.spi.ContainerContext#PORTS} option) and the mappings they expand to.
 */
record PublishedPorts(List<String> specs, List<PortMapping> mappings) {

    static final PublishedPorts NONE = new PublishedPorts(List.of(), List.of());

    PublishedPorts {
        specs = List.copyOf(specs);
        mappings = List.copyOf(mappings);
    }

    /**
     * Parses the option's lines (blank ones skipped; a missing option publishes nothing).
     *
     * @throws CrateException naming the malformed value, or two values that publish the same
     *     host port
     */
    static PublishedPorts parse(String option) throws CrateException {
        if (option == null || option.isBlank()) {
            return NONE;
        }
        List<String> specs = new ArrayList<>();
        List<PortMapping> mappings = new ArrayList<>();
        for (String line : option.split("\n", -1)) {
            String spec = line.strip();
            if (spec.isEmpty()) {
                continue;
            }
            List<PortMapping> parsed;
            try {
                parsed = PortMapping.parse(spec);
            } catch (CrateException e) {
                throw new CrateException("-p " + spec + ": " + e.getMessage(), e);
            }
            PublishedPorts earlier = new PublishedPorts(specs, mappings);
            Optional<String> clash = earlier.conflictWith(parsed);
            if (clash.isPresent()) {
                throw new CrateException("-p " + spec + ": " + clash.get() + " is published twice");
            }
            specs.add(spec);
            mappings.addAll(parsed);
        }
        return new PublishedPorts(specs, mappings);
    }

    boolean isEmpty() {
        return mappings.isEmpty();
    }

    /** The option's form: one value per line. */
    String lines() {
        return String.join("\n", specs);
    }

    /** The first host port that both publish ("0.0.0.0:8080/tcp"), if any. */
    Optional<String> conflictWith(PublishedPorts other) {
        return conflictWith(other.mappings);
    }

    private Optional<String> conflictWith(List<PortMapping> others) {
        for (PortMapping mine : mappings) {
            for (PortMapping theirs : others) {
                if (overlap(mine, theirs)) {
                    return Optional.of(describe(mine.hostIp().isPresent() ? mine : theirs));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether two mappings want the same host port: same protocol and port, and the same host
     * IP or either on every address (as Docker: 0.0.0.0:80 and 127.0.0.1:80 clash).
     */
    static boolean overlap(PortMapping a, PortMapping b) {
        return a.protocol() == b.protocol() && a.hostPort() == b.hostPort()
                && (a.hostIp().isEmpty() || b.hostIp().isEmpty() || a.hostIp().equals(b.hostIp()));
    }

    private static String describe(PortMapping port) {
        return "host port " + port.hostIp().map(ip -> ip.getHostAddress()).orElse("0.0.0.0") + ":" + port.hostPort()
                + "/" + port.protocol().keyword();
    }
}
