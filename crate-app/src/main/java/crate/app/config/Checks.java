package crate.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The checks of the configuration's string values; each returns the value or says what was expected. */
final class Checks {
    private static final Pattern REGISTRY =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern DRIVER = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** Longest network interface name (IFNAMSIZ less the NUL). */
    private static final int IFNAME_MAX = 15;

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
        String body = text.startsWith("/") ? text.substring(1) : text;
        boolean valid = !text.isEmpty() && (text.equals("/") || List.of(body.split("/", -1)).stream()
                .noneMatch(part -> part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0
                        || part.indexOf('\n') >= 0));
        if (!valid) {
            throw InvalidValue.expected("a cgroup path, relative (\"crate\") or absolute (\"/crate\"), without empty,"
                    + " \".\" or \"..\" parts", text);
        }
        return text;
    }

    /** A network driver's name: the plugin that serves it is looked up when a container uses it. */
    static String driverName(String text) throws InvalidValue {
        if (!DRIVER.matcher(text).matches()) {
            throw InvalidValue.expected("a network driver's name such as \"none\", \"host\" or \"bridge\"", text);
        }
        return text;
    }

    /** A network interface's name as the kernel takes it (dev_valid_name). */
    static String interfaceName(String text) throws InvalidValue {
        boolean valid = !text.isEmpty() && text.length() <= IFNAME_MAX && !text.equals(".") && !text.equals("..")
                && text.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x20 || c > 0x7e);
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
        var matcher = REGISTRY.matcher(text);
        if (!matcher.matches() || (matcher.group(2) != null && Integer.parseInt(matcher.group(2).substring(1)) > 65535)) {
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
}
