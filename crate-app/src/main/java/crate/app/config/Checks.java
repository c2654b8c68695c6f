package crate.app.config;

import crate.api.CrateException;
import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Subnet;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * The checks of the configuration's string values; each returns the value or says what was
 * expected. Written out by hand, without regular expressions or lambdas: they run at the
 * start of every command that reads a file, where each costs a little.
 */
final class Checks {
    /** Longest network interface name (IFNAMSIZ less the NUL). */
    private static final int IFNAME_MAX = 15;
    private static final int DRIVER_MAX = 32;

    private Checks() {}

    static Path absolutePath(String text) throws InvalidValue {
        if (!text.startsWith("/") || text.indexOf('\0') >= 0) {
            throw InvalidValue.expected("an absolute path", text);
        }
        return Path.of(text);
    }

    static String oneOf(String text, List<String> allowed) throws InvalidValue {
        if (!allowed.contains(text)) {
            throw InvalidValue.expected("one of " + String.join(", ", allowed), text);
        }
        return text;
    }

    /** A cgroup path: relative or absolute, no empty, "." or ".." parts; "/" is the root. */
    static String cgroupPath(String text) throws InvalidValue {
        boolean valid = !text.isEmpty() && text.indexOf('\0') < 0 && text.indexOf('\n') < 0;
        if (valid && !text.equals("/")) {
            for (String part : (text.startsWith("/") ? text.substring(1) : text).split("/", -1)) {
                valid &= !part.isEmpty() && !part.equals(".") && !part.equals("..");
            }
        }
        if (!valid) {
            throw InvalidValue.expected("a cgroup path, relative (\"crate\") or absolute (\"/crate\"), without empty,"
                    + " \".\" or \"..\" parts", text);
        }
        return text;
    }

    /**
     * A network driver's name, with the driver's argument after a colon ("cni:mynet"): the
     * plugin that serves it is looked up when a container uses it.
     */
    static String driverName(String text) throws InvalidValue {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        boolean valid = !name.isEmpty() && name.length() <= DRIVER_MAX && isLower(name.charAt(0));
        for (int i = 1; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = isLower(c) || isDigit(c) || c == '_' || c == '-';
        }
        // The argument as CNI names networks: letters, digits, '_', '.', '-'.
        for (int i = colon + 1; valid && colon >= 0 && i <= text.length(); i++) {
            valid = i < text.length() ? isArgumentChar(text.charAt(i)) : i > colon + 1;
        }
        if (!valid) {
            throw InvalidValue.expected("a network driver's name such as \"none\", \"host\", \"bridge\" or \"cni:NAME\"", text);
        }
        return text;
    }

    private static boolean isArgumentChar(char c) {
        return isLower(c) || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '.' || c == '-';
    }

    /** The bridge's subnet: the network's rules are {@link Ipv4Subnet#parse}'s, its reason follows the config's wording. */
    static Ipv4Subnet subnet(String text) throws InvalidValue {
        try {
            return Ipv4Subnet.parse(text);
        } catch (CrateException e) {
            String own = "subnet \"" + text + "\": ";
            String reason = e.getMessage().startsWith(own) ? e.getMessage().substring(own.length()) : e.getMessage();
            throw new InvalidValue("expected an IPv4 subnet in CIDR notation such as \"10.88.0.0/16\", got " + Toml.quote(text)
                    + ": " + reason);
        }
    }

    /** An IPv4 address (crate.linux.ip's rules) or an IPv6 one (hex digits and colons), as resolv.conf takes a nameserver's. */
    static String ipAddress(String text) throws InvalidValue {
        boolean valid = text.indexOf(':') < 0 ? Ipv4Address.tryParse(text) != null : text.length() <= 45;
        for (int i = 0; valid && text.indexOf(':') >= 0 && i < text.length(); i++) {
            char c = text.charAt(i);
            valid = isDigit(c) || c == '.' || c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        if (!valid) {
            throw InvalidValue.expected("an IPv4 or IPv6 address", text);
        }
        return text;
    }

    /** An image puller's name as {@code crate plugins} shows it, or "" for the first one found. */
    static String pullerName(String text) throws InvalidValue {
        boolean valid = text.length() <= DRIVER_MAX;
        for (int i = 0; valid && i < text.length(); i++) {
            char c = text.charAt(i);
            valid = isLower(c) || (i > 0 && (isDigit(c) || c == '_' || c == '-'));
        }
        if (!valid) {
            throw InvalidValue.expected("a puller's name such as \"registry\", or \"\" for the first one found", text);
        }
        return text;
    }

    /** A network interface's name as the kernel takes it (dev_valid_name). */
    static String interfaceName(String text) throws InvalidValue {
        boolean valid = !text.isEmpty() && text.length() <= IFNAME_MAX && !text.equals(".") && !text.equals("..");
        for (int i = 0; valid && i < text.length(); i++) {
            char c = text.charAt(i);
            valid = c > ' ' && c < 0x7f && c != '/' && c != ':';
        }
        if (!valid) {
            throw InvalidValue.expected("a network interface name (1 to 15 characters, no '/', ':' or spaces)", text);
        }
        return text;
    }

    static String seccompProfile(String text) throws InvalidValue {
        if (text.equals(CrateConfig.SecuritySettings.DEFAULT_PROFILE) || text.equals(CrateConfig.SecuritySettings.UNCONFINED)) {
            return text;
        }
        if (!text.startsWith("/") || text.indexOf('\0') >= 0) {
            throw InvalidValue.expected("\"default\", \"unconfined\" or the absolute path of a profile", text);
        }
        return text;
    }

    /** A registry's host, with a port if it has one: "docker.io", "localhost:5000". */
    static String registry(String text) throws InvalidValue {
        int colon = text.indexOf(':');
        String host = colon < 0 ? text : text.substring(0, colon);
        String port = colon < 0 ? "1" : text.substring(colon + 1);
        boolean valid = !host.isEmpty() && isAlnum(host.charAt(0)) && isAlnum(host.charAt(host.length() - 1))
                && !port.isEmpty() && port.length() <= 5;
        for (int i = 0; valid && i < host.length(); i++) {
            char c = host.charAt(i);
            valid = isAlnum(c) || c == '.' || c == '-';
        }
        for (int i = 0; valid && i < port.length(); i++) {
            valid = isDigit(port.charAt(i));
        }
        if (!valid || Integer.parseInt(port) > 65535) {
            throw InvalidValue.expected("a registry host such as \"docker.io\" or \"localhost:5000\" (no scheme, no path)",
                    text);
        }
        return text;
    }

    /** A mirror: an http or https URL with a host. */
    static String mirrorUrl(String text) throws InvalidValue {
        try {
            URI uri = new URI(text);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // Said below.
        }
        throw InvalidValue.expected("an http:// or https:// URL such as \"https://mirror.example\"", text);
    }

    /** "" (Docker's own file) or an absolute path. */
    static java.util.Optional<Path> credentials(String text) throws InvalidValue {
        if (text.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (!text.startsWith("/") || text.indexOf('\0') >= 0) {
            throw InvalidValue.expected("\"\" (Docker's ~/.docker/config.json) or an absolute path", text);
        }
        return java.util.Optional.of(Path.of(text));
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || isLower(c) || (c >= 'A' && c <= 'Z');
    }
}
