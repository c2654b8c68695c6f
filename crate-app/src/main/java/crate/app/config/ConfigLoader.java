package crate.app.config;

import crate.api.CrateException;
import crate.app.config.CrateConfig.CgroupSettings;
import crate.app.config.CrateConfig.LogFormat;
import crate.app.config.CrateConfig.LogLevel;
import crate.app.config.CrateConfig.RuntimeSettings;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes the effective configuration: the built-in defaults, then the configuration file if
 * there is one, then the global flags. Without a file nothing is parsed: the commands that
 * start containers count milliseconds.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * The global flags that override the file; null (false) where not given.
     *
     * @param root {@code --root}
     * @param logFormat {@code --log-format}: "json", anything else is text (as before there was a file)
     * @param debug {@code --debug}: log_level debug
     * @param cgroupManager {@code --cgroup-manager}
     */
    public record Flags(Path root, String logFormat, boolean debug, String cgroupManager) {
        public static final Flags NONE = new Flags(null, null, false, null);
    }

    /**
     * Loads the configuration.
     *
     * @param configFlag {@code --config}, or null
     * @param environment for {@code CRATE_CONFIG}
     * @param warnings gets each warning (an unknown key), without "crate: warning: "
     * @throws CrateException if a named file is missing, or the file is unreadable or invalid
     */
    public static CrateConfig load(Path configFlag, Map<String, String> environment, Flags flags, Consumer<String> warnings)
            throws CrateException {
        return load(configFlag, environment, ConfigFile.DEFAULT_PATH, flags, warnings);
    }

    /** As {@link #load(Path, Map, Flags, Consumer)}, with another default location (tests). */
    static CrateConfig load(Path configFlag, Map<String, String> environment, Path defaultPath, Flags flags,
            Consumer<String> warnings) throws CrateException {
        ConfigFile file = ConfigFile.choose(configFlag, environment, defaultPath);
        String text;
        try {
            text = Files.readString(file.path());
        } catch (NoSuchFileException e) {
            if (file.required()) {
                throw new CrateException(file.describe() + ": no such configuration file");
            }
            return apply(CrateConfig.defaults(file), flags);
        } catch (CharacterCodingException e) {
            throw new CrateException(file.describe() + ": not UTF-8 text");
        } catch (IOException e) {
            throw new CrateException("cannot read the configuration file " + file.describe() + ": " + e.getMessage());
        }
        return apply(TomlFile.read(file, text, warnings), flags);
    }

    /** The file that {@link #load} reads, without reading it: {@code present} says whether it exists. */
    public static ConfigFile file(Path configFlag, Map<String, String> environment) {
        ConfigFile file = ConfigFile.choose(configFlag, environment, ConfigFile.DEFAULT_PATH);
        return Files.exists(file.path()) ? file.read() : file;
    }

    /** The flags given win over the file and the defaults. */
    static CrateConfig apply(CrateConfig config, Flags flags) {
        Map<String, Origin> origins = new HashMap<>(config.origins());
        RuntimeSettings runtime = config.runtime();
        if (flags.root() != null) {
            runtime = new RuntimeSettings(flags.root(), runtime.dataRoot(), runtime.pluginDir(), runtime.logLevel(),
                    runtime.logFormat());
            origins.put("runtime.root", Origin.flag("--root"));
        }
        if (flags.logFormat() != null) {
            runtime = new RuntimeSettings(runtime.root(), runtime.dataRoot(), runtime.pluginDir(), runtime.logLevel(),
                    flags.logFormat().equals("json") ? LogFormat.JSON : LogFormat.TEXT);
            origins.put("runtime.log_format", Origin.flag("--log-format"));
        }
        if (flags.debug()) {
            runtime = new RuntimeSettings(runtime.root(), runtime.dataRoot(), runtime.pluginDir(), LogLevel.DEBUG,
                    runtime.logFormat());
            origins.put("runtime.log_level", Origin.flag("--debug"));
        }
        CgroupSettings cgroups = config.cgroups();
        if (flags.cgroupManager() != null) {
            cgroups = new CgroupSettings(flags.cgroupManager(), cgroups.parent());
            origins.put("cgroups.manager", Origin.flag("--cgroup-manager"));
        }
        return new CrateConfig(runtime, cgroups, config.network(), config.security(), config.images(), config.file(), origins);
    }
}
