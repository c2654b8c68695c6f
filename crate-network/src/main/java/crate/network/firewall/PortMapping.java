package crate.network.firewall;

import crate.api.CrateException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One published port: connections to {@code hostIp:hostPort/protocol} on the host go to
 * {@code containerPort} of the container.
 *
 * @param hostIp the host address the port is published on; empty for every local address
 * @param hostPort the port on the host, 1-65535
 * @param containerPort the port in the container, 1-65535
 * @param protocol tcp or udp
 */
public record PortMapping(Optional<Inet4Address> hostIp, int hostPort, int containerPort, Protocol protocol) {

    private static final Pattern SPEC = Pattern.compile(
            "(?:(?<ip>[0-9.]+):)?(?<host>[0-9]+(?:-[0-9]+)?):(?<container>[0-9]+(?:-[0-9]+)?)(?:/(?<proto>[A-Za-z]+))?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");

    public PortMapping {
        checkPort(hostPort, "host port");
        checkPort(containerPort, "container port");
        if (hostIp == null || protocol == null) {
            throw new IllegalArgumentException("hostIp and protocol must not be null (use Optional.empty())");
        }
    }

    /**
     * Parses Docker's {@code -p [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]}, where both ports may
     * be ranges of the same length ({@code 8000-8002:80-82}); a range gives one mapping per port.
     *
     * @throws CrateException naming the spec and what is wrong with it
     */
    public static List<PortMapping> parse(String spec) throws CrateException {
        Matcher m = SPEC.matcher(spec == null ? "" : spec);
        if (!m.matches()) {
            throw new CrateException("invalid port mapping \"" + spec
                    + "\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]");
        }
        Optional<Inet4Address> ip = m.group("ip") == null ? Optional.empty() : Optional.of(ipv4(spec, m.group("ip")));
        Protocol protocol = protocol(spec, m.group("proto"));
        int[] host = range(spec, m.group("host"), "host port");
        int[] container = range(spec, m.group("container"), "container port");
        int count = host[1] - host[0] + 1;
        if (container[1] - container[0] + 1 != count) {
            throw new CrateException("invalid port mapping \"" + spec
                    + "\": the host and container port ranges differ in length");
        }
        List<PortMapping> mappings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mappings.add(new PortMapping(ip, host[0] + i, container[0] + i, protocol));
        }
        return List.copyOf(mappings);
    }

    /** Docker's spelling: {@code [HOSTIP:]HOSTPORT:CONTAINERPORT/proto}. */
    @Override
    public String toString() {
        return hostIp.map(a -> a.getHostAddress() + ":").orElse("") + hostPort + ":" + containerPort
                + "/" + protocol.keyword();
    }

    private static Inet4Address ipv4(String spec, String text) throws CrateException {
        if (DOTTED_QUAD.matcher(text).matches()) {
            try {
                // A dotted quad never triggers a name lookup; each part must still be <= 255.
                if (InetAddress.getByName(text) instanceof Inet4Address v4) {
                    return v4;
                }
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw new CrateException("invalid port mapping \"" + spec + "\": host IP \"" + text
                + "\" is not an IPv4 address");
    }

    private static Protocol protocol(String spec, String text) throws CrateException {
        if (text == null || text.equals("tcp")) {
            return Protocol.TCP;
        }
        if (text.equals("udp")) {
            return Protocol.UDP;
        }
        throw new CrateException("invalid port mapping \"" + spec + "\": protocol \"" + text
                + "\" is not tcp or udp");
    }

    private static int[] range(String spec, String text, String what) throws CrateException {
        int dash = text.indexOf('-');
        int first = port(spec, dash < 0 ? text : text.substring(0, dash), what);
        int last = dash < 0 ? first : port(spec, text.substring(dash + 1), what);
        if (last < first) {
            throw new CrateException("invalid port mapping \"" + spec + "\": " + what + " range \"" + text
                    + "\" ends before it starts");
        }
        return new int[] {first, last};
    }

    private static int port(String spec, String text, String what) throws CrateException {
        int value;
        try {
            value = text.length() > 5 ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > 65535) {
            throw new CrateException("invalid port mapping \"" + spec + "\": " + what + " \"" + text
                    + "\" is not in 1-65535");
        }
        return value;
    }

    private static void checkPort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is not in 1-65535");
        }
    }
}
