package crate.network.firewall;

import crate.api.CrateException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A bridge and the IPv4 subnet behind it, as the firewall sees them: traffic from the subnet
 * that leaves through another interface is masqueraded, and the bridge's own traffic is
 * forwarded.
 *
 * @param bridge the bridge's interface name (1-15 characters, no blanks or quotes)
 * @param subnet the subnet's network address
 * @param prefixLength 0-32
 */
public record BridgeNetwork(String bridge, Inet4Address subnet, int prefixLength) {

    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");

    public BridgeNetwork {
        if (bridge == null || !IFNAME.matcher(bridge).matches()) {
            throw new IllegalArgumentException("invalid bridge name \"" + bridge + "\"");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("invalid prefix length " + prefixLength);
        }
    }

    /** Parses {@code A.B.C.D/N}; host bits are cleared ({@code 10.88.0.1/16} is {@code 10.88.0.0/16}). */
    public static BridgeNetwork of(String bridge, String cidr) throws CrateException {
        int slash = cidr.indexOf('/');
        try {
            if (slash > 0 && cidr.substring(0, slash).matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
                    && InetAddress.getByName(cidr.substring(0, slash)) instanceof Inet4Address address) {
                int prefix = Integer.parseInt(cidr.substring(slash + 1));
                if (prefix >= 0 && prefix <= 32) {
                    int bits = toInt(address) & (prefix == 0 ? 0 : -1 << (32 - prefix));
                    return new BridgeNetwork(bridge, fromInt(bits), prefix);
                }
            }
        } catch (NumberFormatException | UnknownHostException e) {
            // reported below
        }
        throw new CrateException("invalid subnet \"" + cidr + "\" for bridge " + bridge + ": expected A.B.C.D/N");
    }

    /** The subnet in CIDR notation, e.g. {@code 10.88.0.0/16}. */
    public String cidr() {
        return subnet.getHostAddress() + "/" + prefixLength;
    }

    static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    static Inet4Address fromInt(int bits) {
        byte[] b = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }
}
