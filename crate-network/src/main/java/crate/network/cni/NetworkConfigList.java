package crate.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crate.api.CrateException;
import crate.network.firewall.PortMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * A CNI network: its name, the spec version its plugins speak and the plugins' configurations
 * in order (a conflist; a single {@code .conf} is a list of one).
 *
 * @param name the network's name, passed to every plugin
 * @param version the {@code cniVersion} of the list, passed to every plugin
 * @param disableCheck the list's {@code disableCheck}: CHECK is skipped
 * @param plugins each plugin's configuration object, with its {@code type}
 * @param source where it was read, for messages
 */
record NetworkConfigList(String name, CniVersion version, boolean disableCheck, List<ObjectNode> plugins, String source) {

    /** The capability of plugins that publish ports (portmap). */
    static final String PORT_MAPPINGS = "portMappings";

    /** CNI's rule for network names (they become file names in caches and IPAM directories). */
    static final String NAME_PATTERN = "[a-zA-Z0-9][a-zA-Z0-9_.\\-]*";

    NetworkConfigList {
        plugins = List.copyOf(plugins);
    }

    /**
     * Parses a conflist (an object with {@code plugins}) or a single plugin's configuration (an
     * object with {@code type}), read from {@code source}.
     */
    static NetworkConfigList parse(String json, String source) throws CrateException {
        JsonNode root = CniJson.tryParse(json);
        if (root == null || !root.isObject()) {
            throw invalid(source, "it is not a JSON object");
        }
        String name = CniJson.text(root, "name");
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw invalid(source, name == null ? "it has no \"name\"" : "its name \"" + name + "\" is not a valid network name");
        }
        String versionText = CniJson.text(root, "cniVersion");
        if (versionText == null) {
            throw invalid(source, "it has no \"cniVersion\"");
        }
        CniVersion version;
        try {
            version = CniVersion.parse(versionText);
        } catch (CrateException e) {
            throw invalid(source, e.getMessage());
        }
        if (!version.supported()) {
            throw invalid(source, "cniVersion " + version + " is not supported (" + CniVersion.OLDEST + " to "
                    + CniVersion.NEWEST.major() + ".x)");
        }
        List<ObjectNode> plugins = new ArrayList<>();
        if (root.has("plugins")) {
            if (!(root.get("plugins") instanceof ArrayNode list) || list.isEmpty()) {
                throw invalid(source, "\"plugins\" is not a non-empty list");
            }
            for (JsonNode plugin : list) {
                plugins.add(plugin(plugin, source, plugins.size()));
            }
        } else {
            plugins.add(plugin(root, source, 0));
        }
        return new NetworkConfigList(name, version, root.path("disableCheck").asBoolean(false), plugins, source);
    }

    private static ObjectNode plugin(JsonNode node, String source, int index) throws CrateException {
        if (!(node instanceof ObjectNode object)) {
            throw invalid(source, "plugin " + index + " is not an object");
        }
        String type = CniJson.text(object, "type");
        // The type names an executable in the plugin directories: never a path.
        if (type == null || !type.matches(NAME_PATTERN)) {
            throw invalid(source, "plugin " + index + (type == null ? " has no \"type\"" : " has an invalid type \"" + type + "\""));
        }
        return object.deepCopy();
    }

    private static CrateException invalid(String source, String why) {
        return new CrateException("invalid CNI network configuration " + source + ": " + why);
    }

    /** The plugin's type: its executable's name. */
    static String type(ObjectNode plugin) {
        return plugin.get("type").asText();
    }

    /** Whether some plugin declares the capability {@code name} ({@code "capabilities": {"portMappings": true}}). */
    boolean hasCapability(String capability) {
        return plugins.stream().anyMatch(p -> declares(p, capability));
    }

    static boolean declares(ObjectNode plugin, String capability) {
        return plugin.path("capabilities").path(capability).asBoolean(false);
    }

    /**
     * The configurations exactly as each plugin gets them on stdin (but for {@code prevResult}):
     * the list's {@code name} and {@code cniVersion}, and {@code runtimeConfig} with the
     * published ports for the plugins that declare the {@code portMappings} capability.
     */
    NetworkConfigList forContainer(List<PortMapping> ports) {
        List<ObjectNode> prepared = new ArrayList<>();
        for (ObjectNode plugin : plugins) {
            ObjectNode config = plugin.deepCopy();
            config.put("name", name);
            config.put("cniVersion", version.toString());
            if (!ports.isEmpty() && declares(plugin, PORT_MAPPINGS)) {
                config.putObject("runtimeConfig").set(PORT_MAPPINGS, portMappings(ports));
            }
            prepared.add(config);
        }
        return new NetworkConfigList(name, version, disableCheck, prepared, source);
    }

    /** CNI's portMappings capability: {@code [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp", "hostIP": ...}]}. */
    private static ArrayNode portMappings(List<PortMapping> ports) {
        ArrayNode list = CniJson.MAPPER.createArrayNode();
        for (PortMapping port : ports) {
            ObjectNode entry = list.addObject();
            entry.put("hostPort", port.hostPort());
            entry.put("containerPort", port.containerPort());
            entry.put("protocol", port.protocol().keyword());
            port.hostIp().ifPresent(ip -> entry.put("hostIP", ip.getHostAddress()));
        }
        return list;
    }
}
