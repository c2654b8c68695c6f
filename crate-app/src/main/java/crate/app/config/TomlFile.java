package crate.app.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import crate.api.CrateException;
import crate.app.config.CrateConfig.CgroupSettings;
import crate.app.config.CrateConfig.ImageSettings;
import crate.app.config.CrateConfig.LogFormat;
import crate.app.config.CrateConfig.LogLevel;
import crate.app.config.CrateConfig.NetworkSettings;
import crate.app.config.CrateConfig.RuntimeSettings;
import crate.app.config.CrateConfig.SecuritySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a configuration file's text with Jackson's TOML parser (TOML 1.0) and checks every
 * value; a key it does not know is a warning. Errors and warnings name the file, the line
 * (found by {@link KeyLines}: the parser's tree has no locations) and the key. This is the
 * only class that uses Jackson: it is loaded only when a file exists.
 */
final class TomlFile {
    private static final int MAX_PARALLEL_DOWNLOADS = 64;

    private final ConfigFile file;
    private final KeyLines lines;
    private final ObjectNode root;
    private final Map<String, Origin> origins = new HashMap<>();

    private TomlFile(ConfigFile file, KeyLines lines, ObjectNode root) {
        this.file = file;
        this.lines = lines;
        this.root = root;
    }

    /**
     * The configuration that {@code text}, the contents of {@code file}, gives: its values
     * over the defaults. Unknown keys go to {@code warnings} ("FILE:LINE: unknown key K (ignored)").
     */
    static CrateConfig read(ConfigFile file, String text, Consumer<String> warnings) throws CrateException {
        KeyLines lines = KeyLines.scan(text);
        ObjectNode tree;
        try {
            tree = tree(text);
        } catch (JacksonException e) {
            throw syntaxError(file.path(), lines, e);
        } catch (IOException e) {
            throw new CrateException(file.describe() + ": " + e.getMessage(), e);
        }
        TomlFile reader = new TomlFile(file, lines, tree);
        reader.warnUnknown(warnings);
        return reader.config();
    }

    /**
     * The file's tree, from the TOML parser's tokens. A TomlFactory without an ObjectMapper:
     * building a TomlMapper loads most of Jackson's databind and costs a start ~100 ms more.
     */
    private static ObjectNode tree(String text) throws IOException {
        try (JsonParser parser = new TomlFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            return first == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) node(parser, first);
        }
    }

    private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                for (JsonToken next = parser.nextToken(); next == JsonToken.FIELD_NAME; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, node(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(node(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(parser.getBooleanValue());
            // Dates and times, should the parser hand them as objects: their text.
            case VALUE_EMBEDDED_OBJECT -> nodes.textNode(String.valueOf(parser.getEmbeddedObject()));
            default -> throw new IOException("unexpected " + token + " from the TOML parser");
        };
    }

    private static CrateException syntaxError(Path path, KeyLines lines, JacksonException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String where = line > 0 ? path + ":" + line + ":" + e.getLocation().getColumnNr() : path.toString();
        String reason = e.getOriginalMessage();
        if (reason.startsWith("Duplicate key") && lines.duplicateLine() > 0) {
            // The parser notices it only on the next line.
            line = lines.duplicateLine();
            where = path + ":" + line;
        }
        String key = lines.keyAt(line).map(k -> Toml.key(k) + ": ").orElse("");
        return new CrateException(where + ": " + key + "invalid TOML: " + reason);
    }

    private CrateConfig config() throws CrateException {
        RuntimeSettings runtime = CrateConfig.RUNTIME_DEFAULTS;
        CgroupSettings cgroups = CrateConfig.CGROUP_DEFAULTS;
        NetworkSettings network = CrateConfig.NETWORK_DEFAULTS;
        ImageSettings images = CrateConfig.IMAGE_DEFAULTS;
        return new CrateConfig(
                new RuntimeSettings(
                        read("runtime", "root", runtime.root()),
                        read("runtime", "data_root", runtime.dataRoot()),
                        read("runtime", "plugin_dir", runtime.pluginDir()),
                        read("runtime", "log_level", runtime.logLevel()),
                        read("runtime", "log_format", runtime.logFormat())),
                new CgroupSettings(read("cgroups", "manager", cgroups.manager()), read("cgroups", "parent", cgroups.parent())),
                new NetworkSettings(
                        read("network", "default", network.defaultDriver()),
                        read("network", "bridge", network.bridge()),
                        read("network", "subnet", network.subnet()),
                        read("network", "mtu", network.mtu()),
                        read("network", "firewall", network.firewall()),
                        read("network", "dns", network.dns()),
                        read("network", "cni_config_dirs", network.cniConfigDirs()),
                        read("network", "cni_plugin_dirs", network.cniPluginDirs())),
                new SecuritySettings(read("security", "seccomp_profile", CrateConfig.SECURITY_DEFAULTS.seccompProfile())),
                new ImageSettings(
                        read("images", "registries", images.registries()),
                        read("images", "insecure_registries", images.insecureRegistries()),
                        read("images", "mirrors", images.mirrors()),
                        read("images", "credentials", images.credentials()),
                        read("images", "parallel_downloads", images.parallelDownloads()),
                        read("images", "puller", images.puller())),
                file.read(), origins);
    }

    /**
     * The value of table.key in the file, checked, or {@code fallback} if the file has none.
     * {@link #parse} gives each key's value the type of its default.
     */
    @SuppressWarnings("unchecked")
    private <T> T read(String table, String key, T fallback) throws CrateException {
        JsonNode tableNode = root.get(table);
        if (tableNode == null) {
            return fallback;
        }
        if (!tableNode.isObject()) {
            throw error(List.of(table), "expected a table, got " + shown(tableNode));
        }
        JsonNode node = tableNode.get(key);
        if (node == null) {
            return fallback;
        }
        List<String> path = List.of(table, key);
        try {
            T value = (T) parse(table + "." + key, node);
            origins.put(table + "." + key, Origin.file(file.path(), lines.line(path)));
            return value;
        } catch (InvalidValue e) {
            if (e.subKey() == null) {
                throw error(path, e.getMessage());
            }
            throw error(List.of(table, key, e.subKey()), e.getMessage());
        }
    }

    /**
     * A key's value, checked. A switch rather than a parser object per key: each lambda
     * would cost a start about half a millisecond to bootstrap.
     */
    private static Object parse(String key, JsonNode node) throws InvalidValue {
        return switch (key) {
            case "runtime.root", "runtime.data_root", "runtime.plugin_dir" -> Checks.absolutePath(text(node, "an absolute path"));
            case "runtime.log_level" -> choice(node, LogLevel.values());
            case "runtime.log_format" -> choice(node, LogFormat.values());
            case "cgroups.manager" -> Checks.oneOf(text(node, "one of cgroupfs, disabled"), List.of("cgroupfs", "disabled"));
            case "cgroups.parent" -> Checks.cgroupPath(text(node, "a cgroup path"));
            case "network.default" -> Checks.driverName(text(node, "a network driver's name"));
            case "network.bridge" -> Checks.interfaceName(text(node, "a network interface name"));
            case "network.subnet" -> Checks.subnet(text(node, "an IPv4 subnet in CIDR notation"));
            case "network.mtu" -> mtu(node);
            case "network.firewall" -> Checks.oneOf(text(node, "one of auto, nftables, iptables"),
                    List.of("auto", "nftables", "iptables"));
            case "network.dns" -> nameservers(node);
            case "network.cni_config_dirs", "network.cni_plugin_dirs" -> absolutePaths(node);
            case "security.seccomp_profile" -> Checks.seccompProfile(text(node, "a seccomp profile"));
            case "images.registries", "images.insecure_registries" -> registries(node);
            case "images.mirrors" -> mirrors(node);
            case "images.credentials" -> Checks.credentials(text(node, "\"\" or the absolute path of a Docker config.json"));
            case "images.parallel_downloads" -> parallelDownloads(node);
            case "images.puller" -> Checks.pullerName(text(node, "a puller's name"));
            default -> throw new IllegalArgumentException("no such key: " + key);
        };
    }

    private CrateException error(List<String> path, String message) {
        return new CrateException(where(path) + ": " + Toml.key(path) + ": " + message);
    }

    /** "FILE:LINE", or "FILE" where the line is not known. */
    private String where(List<String> path) {
        int line = lines.line(path);
        return line > 0 ? file.path() + ":" + line : file.path().toString();
    }

    /** Warns of every table or key that crate does not know; images.mirrors holds registries, any. */
    private void warnUnknown(Consumer<String> warnings) {
        Map<String, Map<String, Object>> known = CrateConfig.defaults(file).table();
        for (Map.Entry<String, JsonNode> table : root.properties()) {
            Map<String, Object> keys = known.get(table.getKey());
            if (keys == null) {
                warnUnknown(warnings, List.of(table.getKey()), table.getValue());
            } else if (table.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> entry : table.getValue().properties()) {
                    if (!keys.containsKey(entry.getKey())) {
                        warnUnknown(warnings, List.of(table.getKey(), entry.getKey()), entry.getValue());
                    }
                }
            }
        }
    }

    private void warnUnknown(Consumer<String> warnings, List<String> path, JsonNode value) {
        warnings.accept(where(path) + ": unknown " + (value.isObject() ? "table " : "key ") + Toml.key(path) + " (ignored)");
    }

    private static String text(JsonNode node, String expected) throws InvalidValue {
        if (!node.isTextual()) {
            throw new InvalidValue("expected " + expected + ", got " + shown(node));
        }
        return node.textValue();
    }

    /** A value as the messages show it: a string quoted, anything else as written. */
    private static String shown(JsonNode node) {
        if (node.isTextual()) {
            return Toml.quote(node.textValue());
        }
        return node.isObject() ? "a table" : node.toString();
    }

    /** One of an enum's constants, by its lower-case name. */
    private static <E extends Enum<E>> E choice(JsonNode node, E[] constants) throws InvalidValue {
        List<String> names = new ArrayList<>();
        for (E constant : constants) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        String name = Checks.oneOf(text(node, "one of " + String.join(", ", names)), names);
        return constants[names.indexOf(name)];
    }

    private static List<String> registries(JsonNode node) throws InvalidValue {
        if (!node.isArray()) {
            throw new InvalidValue("expected an array of registry hosts such as [\"docker.io\"], got " + shown(node));
        }
        List<String> registries = new ArrayList<>();
        for (JsonNode element : node) {
            registries.add(Checks.registry(text(element, "a registry host such as \"docker.io\"")));
        }
        return registries;
    }

    private static Map<String, List<String>> mirrors(JsonNode node) throws InvalidValue {
        if (!node.isObject()) {
            throw new InvalidValue("expected a table of registries' mirrors such as { \"docker.io\" = [\"https://mirror.example\"] },"
                    + " got " + shown(node));
        }
        Map<String, List<String>> mirrors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String registry = entry.getKey();
            try {
                Checks.registry(registry);
                if (!entry.getValue().isArray()) {
                    throw new InvalidValue("expected an array of mirror URLs such as [\"https://mirror.example\"], got "
                            + shown(entry.getValue()));
                }
                List<String> urls = new ArrayList<>();
                for (JsonNode url : entry.getValue()) {
                    urls.add(Checks.mirrorUrl(text(url, "a mirror's URL")));
                }
                mirrors.put(registry, urls);
            } catch (InvalidValue e) {
                // Named by the registry's own key: images.mirrors."docker.io".
                throw new InvalidValue(e.getMessage(), registry);
            }
        }
        return mirrors;
    }

    /** IPv4's minimum (RFC 791) to the largest a link takes. */
    private static int mtu(JsonNode node) throws InvalidValue {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 68 || node.intValue() > 65535) {
            throw new InvalidValue("expected an MTU, an integer from 68 to 65535, got " + shown(node));
        }
        return node.intValue();
    }

    private static List<String> nameservers(JsonNode node) throws InvalidValue {
        if (!node.isArray()) {
            throw new InvalidValue("expected an array of nameserver addresses such as [\"1.1.1.1\"], got " + shown(node));
        }
        List<String> servers = new ArrayList<>();
        for (JsonNode element : node) {
            servers.add(Checks.ipAddress(text(element, "a nameserver's IP address such as \"1.1.1.1\"")));
        }
        return servers;
    }

    private static List<Path> absolutePaths(JsonNode node) throws InvalidValue {
        if (!node.isArray()) {
            throw new InvalidValue("expected an array of absolute paths, got " + shown(node));
        }
        List<Path> paths = new ArrayList<>();
        for (JsonNode element : node) {
            paths.add(Checks.absolutePath(text(element, "an absolute path")));
        }
        return paths;
    }

    private static int parallelDownloads(JsonNode node) throws InvalidValue {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_PARALLEL_DOWNLOADS) {
            throw new InvalidValue("expected an integer from 1 to " + MAX_PARALLEL_DOWNLOADS + ", got " + shown(node));
        }
        return node.intValue();
    }
}
