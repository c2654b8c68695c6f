package crate.linux.ip;

import crate.api.CrateException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address as its 32 bits (unsigned in meaning, held in an int), ordered as numbers.
 * Parsed strictly from dotted-quad text: four decimal octets 0..255 without leading zeros, so
 * that each address has exactly one spelling (it is also a lease file's name).
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /** Parses "10.88.0.2"; anything else (host names, leading zeros, missing octets) is refused. */
    public static Ipv4Address parse(String text) throws CrateException {
        Ipv4Address address = tryParse(text);
        if (address == null) {
            throw new CrateException("\"" + text + "\" is not an IPv4 address (a.b.c.d, each 0-255)");
        }
        return address;
    }

    /** The address spelled {@code text}, or null when it is not one (see {@link #parse}). */
    public static Ipv4Address tryParse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4Address(bits);
    }

    /** The four bytes in network order, as netlink carries them. */
    public static Ipv4Address fromBytes(byte[] bytes) {
        if (bytes.length != 4) {
            throw new IllegalArgumentException("IPv4 address: " + bytes.length + " bytes, expected 4");
        }
        return new Ipv4Address(((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8)
                | (bytes[3] & 0xff));
    }

    /** The address as an unsigned number 0 .. 2^32-1. */
    public long value() {
        return Integer.toUnsignedLong(bits);
    }

    /** The four octets, most significant first (network byte order). */
    public byte[] octets() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    /** The same address as a JDK InetAddress (no name lookup). */
    public Inet4Address toInetAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(octets());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets are always an IPv4 address", e);
        }
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
