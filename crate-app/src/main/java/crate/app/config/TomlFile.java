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
import java.util.Arrays;
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

    /** A value's parser and check. */
    private interface Parse<T> {
        T from(JsonNode node) throws InvalidValue;
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
        RuntimeSettings runtimeDefaults = CrateConfig.RUNTIME_DEFAULTS;
        RuntimeSettings runtime = new RuntimeSettings(
                read("runtime", "root", runtimeDefaults.root(), TomlFile::absolutePath),
                read("runtime", "data_root", runtimeDefaults.dataRoot(), TomlFile::absolutePath),
                read("runtime", "plugin_dir", runtimeDefaults.pluginDir(), TomlFile::absolutePath),
                read("runtime", "log_level", runtimeDefaults.logLevel(), node -> LogLevel.valueOf(
                        oneOf(node, Arrays.stream(LogLevel.values()).map(LogLevel::tomlName).toList()).toUpperCase(Locale.ROOT))),
                read("runtime", "log_format", runtimeDefaults.logFormat(), node -> LogFormat.valueOf(
                        oneOf(node, Arrays.stream(LogFormat.values()).map(LogFormat::tomlName).toList()).toUpperCase(Locale.ROOT))));
        CgroupSettings cgroups = new CgroupSettings(
                read("cgroups", "manager", CrateConfig.CGROUP_DEFAULTS.manager(), node -> oneOf(node, List.of("cgroupfs", "disabled"))),
                read("cgroups", "parent", CrateConfig.CGROUP_DEFAULTS.parent(), node -> Checks.cgroupPath(text(node, "a cgroup path"))));
        NetworkSettings network = new NetworkSettings(
                read("network", "default", CrateConfig.NETWORK_DEFAULTS.defaultDriver(),
                        node -> Checks.driverName(text(node, "a network driver's name"))),
                read("network", "bridge", CrateConfig.NETWORK_DEFAULTS.bridge(),
                        node -> Checks.interfaceName(text(node, "a network interface name"))),
                read("network", "subnet", CrateConfig.NETWORK_DEFAULTS.subnet(),
                        node -> Ipv4Subnet.parse(text(node, "an IPv4 subnet in CIDR notation"))));
        SecuritySettings security = new SecuritySettings(read("security", "seccomp_profile",
                CrateConfig.SECURITY_DEFAULTS.seccompProfile(), node -> Checks.seccompProfile(text(node, "a seccomp profile"))));
        ImageSettings imageDefaults = CrateConfig.IMAGE_DEFAULTS;
        ImageSettings images = new ImageSettings(
                read("images", "registries", imageDefaults.registries(), TomlFile::registries),
                read("images", "insecure_registries", imageDefaults.insecureRegistries(), TomlFile::registries),
                read("images", "mirrors", imageDefaults.mirrors(), TomlFile::mirrors),
                read("images", "credentials", imageDefaults.credentials(),
                        node -> Checks.credentials(text(node, "\"\" or the absolute path of a Docker config.json"))),
                read("images", "parallel_downloads", imageDefaults.parallelDownloads(), TomlFile::parallelDownloads));
        return new CrateConfig(runtime, cgroups, network, security, images, file.read(), origins);
    }

    /** The value of table.key in the file, checked, or {@code fallback} if the file has none. */
    private <T> T read(String table, String key, T fallback, Parse<T> parse) throws CrateException {
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
            T value = parse.from(node);
            origins.put(table + "." + key, Origin.file(file.path(), lines.line(path)));
            return value;
        } catch (InvalidValue e) {
            if (e.subKey() == null) {
                throw error(path, e.getMessage());
            }
            throw error(List.of(table, key, e.subKey()), e.getMessage());
        }
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
        root.properties().forEach(table -> {
            Map<String, Object> keys = known.get(table.getKey());
            if (keys == null) {
                warnings.accept(where(List.of(table.getKey())) + ": unknown " + (table.getValue().isObject() ? "table " : "key ")
                        + Toml.key(List.of(table.getKey())) + " (ignored)");
            } else if (table.getValue().isObject()) {
                table.getValue().properties().forEach(entry -> {
                    if (!keys.containsKey(entry.getKey())) {
                        List<String> path = List.of(table.getKey(), entry.getKey());
                        warnings.accept(where(path) + ": unknown " + (entry.getValue().isObject() ? "table " : "key ")
                                + Toml.key(path) + " (ignored)");
                    }
                });
            }
        });
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

    private static String oneOf(JsonNode node, List<String> allowed) throws InvalidValue {
        String expected = "one of " + String.join(", ", allowed);
        return Checks.oneOf(text(node, expected), allowed);
    }

    private static Path absolutePath(JsonNode node) throws InvalidValue {
        return Checks.absolutePath(text(node, "an absolute path"));
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

    private static int parallelDownloads(JsonNode node) throws InvalidValue {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_PARALLEL_DOWNLOADS) {
            throw new InvalidValue("expected an integer from 1 to " + MAX_PARALLEL_DOWNLOADS + ", got " + shown(node));
        }
        return node.intValue();
    }
}
