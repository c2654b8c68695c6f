package crate.app.config;

import java.util.List;
import java.util.Map;

/** {@code crate config show}: the effective configuration as TOML, each value followed by where it came from. */
public final class ConfigToml {
    private ConfigToml() {}

    public static String render(CrateConfig config) {
        StringBuilder toml = new StringBuilder("# crate's effective configuration: defaults < ");
        toml.append(config.file().describe()).append(config.file().present() ? "" : " (absent)").append(" < flags\n");
        for (Map.Entry<String, Map<String, Object>> table : config.table().entrySet()) {
            toml.append('\n').append('[').append(table.getKey()).append("]\n");
            for (Map.Entry<String, Object> entry : table.getValue().entrySet()) {
                toml.append(Toml.key(List.of(entry.getKey()))).append(" = ").append(Toml.value(entry.getValue()))
                        .append("  # ").append(config.origin(table.getKey() + "." + entry.getKey())).append('\n');
            }
        }
        return toml.toString();
    }
}
