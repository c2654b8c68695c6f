package crate.app.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which configuration file crate reads: the one named by {@code --config}, else by the
 * environment variable {@code CRATE_CONFIG}, else {@code /etc/crate/config.toml}. Only that
 * last one may be missing (then every setting has its default); a file that was named must exist.
 *
 * @param path the file
 * @param namedBy "--config", "CRATE_CONFIG", or "" for the default location
 * @param present whether it existed and was read
 */
public record ConfigFile(Path path, String namedBy, boolean present) {
    public static final Path DEFAULT_PATH = Path.of("/etc/crate/config.toml");
    public static final String ENVIRONMENT = "CRATE_CONFIG";

    /** The file to read (not read yet: {@code present} is false); {@code defaultPath} without a name. */
    static ConfigFile choose(Path flag, Map<String, String> environment, Path defaultPath) {
        if (flag != null) {
            return new ConfigFile(flag, "--config", false);
        }
        String named = environment.get(ENVIRONMENT);
        if (named != null && !named.isEmpty()) {
            return new ConfigFile(Path.of(named), ENVIRONMENT, false);
        }
        return new ConfigFile(defaultPath, "", false);
    }

    /** A file named by --config or CRATE_CONFIG must exist. */
    boolean required() {
        return !namedBy.isEmpty();
    }

    ConfigFile read() {
        return new ConfigFile(path, namedBy, true);
    }

    /** The file and how it was chosen, for messages: "/x.toml (CRATE_CONFIG)". */
    public String describe() {
        return path + (namedBy.isEmpty() ? "" : " (" + namedBy + ")");
    }
}
