package crate.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crate.api.CrateException;
import java.util.List;
import java.util.Optional;

/**
 * A network's plugins run as one (CNI spec, "Network configuration lists"): ADD in order, each
 * plugin getting the previous one's result as {@code prevResult}; DEL in reverse order; CHECK
 * in order with the cached result. The configurations are the ones {@link
 * NetworkConfigList#forContainer} prepared, so that DEL and CHECK repeat exactly what ADD got.
 */
final class PluginChain {
    static final String ADD = "ADD";
    static final String DEL = "DEL";
    static final String CHECK = "CHECK";

    private final PluginExec exec;

    PluginChain(PluginExec exec) {
        this.exec = exec;
    }

    /**
     * Runs ADD of every plugin; the last plugin's result is the network's. If a plugin fails,
     * DEL runs for it and every plugin before it, in reverse, and the ADD's error is thrown
     * (with DEL's failures suppressed in it): nothing is left.
     */
    CniResult add(NetworkConfigList list, CniRuntime container) throws CrateException {
        JsonNode previous = null;
        List<ObjectNode> plugins = list.plugins();
        for (int i = 0; i < plugins.size(); i++) {
            try {
                JsonNode result = exec.run(ADD, withPrevResult(plugins.get(i), previous), container, list.name());
                CniResult.parse(result, NetworkConfigList.type(plugins.get(i))); // each result must make sense
                previous = result;
            } catch (CrateException e) {
                // The failing plugin may have done part of its work: it gets its DEL too.
                try {
                    del(list, plugins.subList(0, i + 1), container, Optional.ofNullable(previous));
                } catch (CrateException delFailed) {
                    e.addSuppressed(delFailed);
                }
                throw e;
            }
        }
        return CniResult.parse(previous, NetworkConfigList.type(plugins.getLast()));
    }

    /**
     * Runs DEL of every plugin in reverse order, with {@code result} as {@code prevResult} where
     * the version has it. Every plugin is asked even if one fails; the first failure is thrown.
     */
    void del(NetworkConfigList list, CniRuntime container, Optional<JsonNode> result) throws CrateException {
        del(list, list.plugins(), container, result);
    }

    private void del(NetworkConfigList list, List<ObjectNode> plugins, CniRuntime container, Optional<JsonNode> result)
            throws CrateException {
        JsonNode prevResult = list.version().atLeast(CniVersion.V0_4_0) ? result.orElse(null) : null;
        CrateException failed = null;
        for (ObjectNode plugin : plugins.reversed()) {
            try {
                exec.run(DEL, withPrevResult(plugin, prevResult), container, list.name());
            } catch (CrateException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Runs CHECK of every plugin in order, with the cached {@code result}; nothing for versions
     * before 0.4.0 (they have no CHECK) or a list with {@code disableCheck}.
     */
    void check(NetworkConfigList list, CniRuntime container, JsonNode result) throws CrateException {
        if (!list.version().atLeast(CniVersion.V0_4_0) || list.disableCheck()) {
            return;
        }
        for (ObjectNode plugin : list.plugins()) {
            exec.run(CHECK, withPrevResult(plugin, result), container, list.name());
        }
    }

    private static ObjectNode withPrevResult(ObjectNode plugin, JsonNode prevResult) {
        if (prevResult == null) {
            return plugin;
        }
        ObjectNode config = plugin.deepCopy();
        config.set("prevResult", prevResult);
        return config;
    }
}
