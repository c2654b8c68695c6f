package crate.app.config;

/**
 * An IPv4 subnet in CIDR notation, such as 10.88.0.0/16: the network address (no host bits
 * set) and the prefix length. A bridge's subnet needs room for a gateway and containers, so
 * the prefix is at most 30.
 */
public record Ipv4Subnet(int address, int prefixLength) {
    static final int LONGEST_PREFIX = 30;

    public Ipv4Subnet {
        if (prefixLength < 0 || prefixLength > LONGEST_PREFIX || (address & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("not a subnet: " + dotted(address) + "/" + prefixLength);
        }
    }

    /** Parses "a.b.c.d/n". */
    public static Ipv4Subnet parse(String text) throws InvalidValue {
        String expected = "an IPv4 subnet in CIDR notation such as \"10.88.0.0/16\"";
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw InvalidValue.expected(expected, text);
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4 || !decimal(parts[1], 2)) {
            throw InvalidValue.expected(expected, text);
        }
        int address = 0;
        for (String octet : octets) {
            if (!decimal(octet, 3) || (octet.length() > 1 && octet.charAt(0) == '0') || Integer.parseInt(octet) > 255) {
                throw InvalidValue.expected(expected, text);
            }
            address = address << 8 | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > 32) {
            throw InvalidValue.expected(expected, text);
        }
        if (prefix > LONGEST_PREFIX) {
            throw new InvalidValue("expected a subnet with room for a gateway and containers (/" + LONGEST_PREFIX
                    + " at most), got " + Toml.quote(text));
        }
        if ((address & ~mask(prefix)) != 0) {
            throw new InvalidValue("expected the subnet's network address, got " + Toml.quote(text) + " (host bits set: "
                    + dotted(address & mask(prefix)) + "/" + prefix + "?)");
        }
        return new Ipv4Subnet(address, prefix);
    }

    /** 1 to {@code digits} decimal digits. */
    private static boolean decimal(String text, int digits) {
        boolean valid = !text.isEmpty() && text.length() <= digits;
        for (int i = 0; valid && i < text.length(); i++) {
            valid = Checks.isDigit(text.charAt(i));
        }
        return valid;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    @Override
    public String toString() {
        return dotted(address) + "/" + prefixLength;
    }
}
