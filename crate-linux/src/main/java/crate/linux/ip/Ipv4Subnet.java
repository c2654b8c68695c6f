package crate.linux.ip;

import crate.api.CrateException;

/**
 * An IPv4 subnet of a bridge network, "10.88.0.0/16": the network address (host bits zero) and
 * the prefix length. Its first address (the network) and last (broadcast) are never handed out,
 * and the first host address is the gateway, reserved for the bridge itself; containers get the
 * addresses from {@link #firstAllocatable} to {@link #lastAllocatable}. A prefix longer than 30
 * leaves no address for a container (/31 and /32 have no room beside the gateway) and is refused.
 */
public record Ipv4Subnet(Ipv4Address network, int prefix) {
    /** The longest prefix accepted: /30 holds network, gateway, one container and broadcast. */
    public static final int LONGEST_PREFIX = 30;

    /** Validates: prefix 1..30 and no host bits set in {@code network}. */
    public Ipv4Subnet {
        if (prefix < 1 || prefix > LONGEST_PREFIX) {
            throw new IllegalArgumentException("prefix /" + prefix + " outside /1../" + LONGEST_PREFIX);
        }
        if ((network.bits() & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(network + " has host bits set for /" + prefix);
        }
    }

    /** Parses "10.88.0.0/16" with a one-line error naming what is wrong. */
    public static Ipv4Subnet parse(String text) throws CrateException {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new CrateException("subnet \"" + text + "\": expected ADDRESS/PREFIX, e.g. 10.88.0.0/16");
        }
        Ipv4Address address = Ipv4Address.tryParse(text.substring(0, slash));
        if (address == null) {
            throw new CrateException("subnet \"" + text + "\": \"" + text.substring(0, slash) + "\" is not an IPv4 address");
        }
        String prefixText = text.substring(slash + 1);
        if (prefixText.isEmpty() || prefixText.length() > 2 || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CrateException("subnet \"" + text + "\": prefix length \"" + prefixText + "\" is not a number 1-30");
        }
        int prefix = Integer.parseInt(prefixText);
        if (prefix == 31 || prefix == 32) {
            throw new CrateException("subnet \"" + text + "\": a /" + prefix
                    + " has no address for a container besides the gateway; use a prefix of /30 or shorter");
        }
        if (prefix < 1 || prefix > LONGEST_PREFIX) {
            throw new CrateException("subnet \"" + text + "\": prefix length must be 1-30");
        }
        int networkBits = address.bits() & mask(prefix);
        if (networkBits != address.bits()) {
            throw new CrateException("subnet \"" + text + "\": host bits are set; the network is "
                    + new Ipv4Address(networkBits) + "/" + prefix);
        }
        return new Ipv4Subnet(address, prefix);
    }

    private static int mask(int prefix) {
        return (int) (0xffff_ffffL << (32 - prefix));
    }

    /** The netmask, e.g. 255.255.0.0 for /16. */
    public Ipv4Address netmask() {
        return new Ipv4Address(mask(prefix));
    }

    /** The last address of the subnet (all host bits one): never handed out. */
    public Ipv4Address broadcast() {
        return new Ipv4Address(network.bits() | ~mask(prefix));
    }

    /** The first host address, the bridge's own: never handed out to a container. */
    public Ipv4Address gateway() {
        return new Ipv4Address(network.bits() + 1);
    }

    /** The first address a container may get (the one after the gateway). */
    public Ipv4Address firstAllocatable() {
        return new Ipv4Address(network.bits() + 2);
    }

    /** The last address a container may get (the one before the broadcast address). */
    public Ipv4Address lastAllocatable() {
        return new Ipv4Address(broadcast().bits() - 1);
    }

    /** How many addresses containers may get: the subnet's size less network, gateway and broadcast. */
    public long allocatableCount() {
        return (1L << (32 - prefix)) - 3;
    }

    /** Whether {@code address} lies in the subnet at all (network and broadcast included). */
    public boolean contains(Ipv4Address address) {
        return (address.bits() & mask(prefix)) == network.bits();
    }

    /** Whether {@code address} is one a container may get. */
    public boolean isAllocatable(Ipv4Address address) {
        return address.compareTo(firstAllocatable()) >= 0 && address.compareTo(lastAllocatable()) <= 0;
    }

    /** The allocatable address {@code steps} after {@code address}, wrapping from the last to the first. */
    public Ipv4Address nextAllocatable(Ipv4Address address, long steps) {
        long first = firstAllocatable().value();
        long offset = Math.floorMod(address.value() - first + steps, allocatableCount());
        return new Ipv4Address((int) (first + offset));
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
