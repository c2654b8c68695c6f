package crate.linux.ip;

import crate.api.CrateException;

/**
 * An IPv4 address with a prefix length, as an interface carries it ("10.88.0.2/16": the
 * address 10.88.0.2 on the network 10.88.0.0/16) or as a route's destination.
 */
public record Ipv4Cidr(Ipv4Address address, int prefixLength) {

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("IPv4 prefix " + address + "/" + prefixLength + ": the length must be 0-32");
        }
    }

    /** Parses "A.B.C.D/N". */
    public static Ipv4Cidr parse(String text) throws CrateException {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new CrateException("IPv4 prefix \"" + text + "\": expected ADDRESS/LENGTH");
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CrateException("IPv4 prefix \"" + text + "\": \"" + length + "\" is not a length 0-32");
        }
        int prefixLength = Integer.parseInt(length);
        if (prefixLength > 32) {
            throw new CrateException("IPv4 prefix \"" + text + "\": the length " + prefixLength + " is above 32");
        }
        return new Ipv4Cidr(Ipv4Address.parse(text.substring(0, slash)), prefixLength);
    }

    /** The network mask as bits (0 for /0). */
    public int maskBits() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** The network's first address (the address with the host bits cleared). */
    public Ipv4Address network() {
        return new Ipv4Address(address.bits() & maskBits());
    }

    /** The network's last address (all host bits set). */
    public Ipv4Address broadcast() {
        return new Ipv4Address(address.bits() | ~maskBits());
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
