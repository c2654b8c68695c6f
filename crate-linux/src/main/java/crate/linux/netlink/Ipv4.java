package crate.linux.netlink;

import crate.api.CrateException;

/** An IPv4 address, held as its 32 bits in network order read as an int (10.0.0.1 = 0x0a000001). */
public record Ipv4(int bits) {

    /** Parses dotted-quad notation ("10.88.0.1"); nothing else (no hostnames, no short forms). */
    public static Ipv4 parse(String text) throws CrateException {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new CrateException("IPv4 address \"" + text + "\": expected four dot-separated numbers");
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new CrateException("IPv4 address \"" + text + "\": \"" + part + "\" is not a number 0-255");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new CrateException("IPv4 address \"" + text + "\": " + octet + " is above 255");
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4(bits);
    }

    /** The four bytes in network order, as netlink carries them. */
    public static Ipv4 fromBytes(byte[] bytes) {
        if (bytes.length != 4) {
            throw new IllegalArgumentException("IPv4 address: " + bytes.length + " bytes, expected 4");
        }
        return new Ipv4(((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff));
    }

    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
