package crate.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import crate.api.CrateException;
import crate.app.config.ConfigLoader.Flags;
import crate.app.config.CrateConfig.LogFormat;
import crate.app.config.CrateConfig.LogLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configuration file: defaults, precedence, line-numbered errors, unknown keys, each value's check. */
class ConfigLoaderTest {
    /** The shipped sample: every key, documented, at its default. */
    static final Path SAMPLE = Path.of("src/main/conf/config.toml.sample");

    @TempDir Path tmp;
    private final List<String> warnings = new ArrayList<>();

    private Path file(String text) throws IOException {
        return Files.writeString(tmp.resolve("config.toml"), text);
    }

    /** Loads with no environment and no file at the default location. */
    private CrateConfig load(Path config, Flags flags) throws CrateException {
        return ConfigLoader.load(config, Map.of(), tmp.resolve("absent/config.toml"), flags, warnings::add);
    }

    private CrateConfig load(String text) throws Exception {
        return load(file(text), Flags.NONE);
    }

    private String error(String text) throws IOException {
        Path path = file(text);
        return assertThrows(CrateException.class, () -> load(path, Flags.NONE)).getMessage();
    }

    private static List<Object> values(CrateConfig config) {
        return List.of(config.runtime(), config.cgroups(), config.network(), config.security(), config.images());
    }

    @Test
    void withoutAFileEverySettingHasItsDefault() throws Exception {
        CrateConfig config = load(null, Flags.NONE);
        assertEquals(values(CrateConfig.defaults(null)), values(config));
        assertEquals(Path.of("/run/crate"), config.runtime().root());
        assertEquals(Path.of("/usr/local/lib/crate/plugins"), config.runtime().pluginDir());
        assertEquals("crate", config.cgroups().parent());
        assertEquals("10.88.0.0/16", config.network().subnet().toString());
        assertEquals(3, config.images().parallelDownloads());
        assertEquals(Origin.DEFAULT, config.origin("runtime.root"));
        assertFalse(config.file().present());
        assertEquals(tmp.resolve("absent/config.toml"), config.file().path());
        assertEquals(List.of(), warnings);
    }

    @Test
    void theSampleParsesSetsEveryKeyAndEqualsTheDefaults() throws Exception {
        CrateConfig sample = load(SAMPLE, Flags.NONE);
        assertEquals(values(CrateConfig.defaults(null)), values(sample));
        assertEquals(List.of(), warnings);
        // Every key is written out in the sample (not merely left to its default), so it is documented.
        sample.table().forEach((table, keys) -> keys.keySet().forEach(key ->
                assertEquals(Origin.Kind.FILE, sample.origin(table + "." + key).kind(), table + "." + key)));
    }

    @Test
    void fileValuesOverrideTheDefaultsAndSayTheirLine() throws Exception {
        CrateConfig config = load("""
                # crate
                [runtime]
                root = "/srv/crate/state"
                log_level = "debug"
                log_format = "json"

                [cgroups]
                parent = "/pods/crate"
                [network]
                subnet = "172.30.0.0/24"
                [security]
                seccomp_profile = "unconfined"
                [images]
                registries = ["quay.io", "docker.io"]
                insecure_registries = ["localhost:5000"]
                credentials = "/root/auth.json"
                parallel_downloads = 8
                [images.mirrors]
                "docker.io" = ["https://mirror.example", "http://127.0.0.1:5001"]
                """);
        assertEquals(Path.of("/srv/crate/state"), config.runtime().root());
        assertEquals(Path.of("/var/lib/crate"), config.runtime().dataRoot());
        assertEquals(LogLevel.DEBUG, config.runtime().logLevel());
        assertEquals(LogFormat.JSON, config.runtime().logFormat());
        assertEquals("cgroupfs", config.cgroups().manager());
        assertEquals("/pods/crate", config.cgroups().parent());
        assertEquals("172.30.0.0/24", config.network().subnet().toString());
        assertEquals("none", config.network().defaultDriver());
        assertEquals("unconfined", config.security().seccompProfile());
        assertEquals(List.of("quay.io", "docker.io"), config.images().registries());
        assertEquals(List.of("localhost:5000"), config.images().insecureRegistries());
        assertEquals(Map.of("docker.io", List.of("https://mirror.example", "http://127.0.0.1:5001")), config.images().mirrors());
        assertEquals(Optional.of(Path.of("/root/auth.json")), config.images().credentials());
        assertEquals(8, config.images().parallelDownloads());
        Path path = tmp.resolve("config.toml");
        assertEquals(path + ":3", config.origin("runtime.root").toString());
        assertEquals(path + ":8", config.origin("cgroups.parent").toString());
        assertEquals(path + ":18", config.origin("images.mirrors").toString());
        assertEquals(Origin.DEFAULT, config.origin("runtime.data_root"));
        assertTrue(config.file().present());
        assertEquals(List.of(), warnings);
    }

    @Test
    void flagsOverrideTheFile() throws Exception {
        Path path = file("[runtime]\nroot = \"/from/file\"\nlog_format = \"json\"\n[cgroups]\nmanager = \"cgroupfs\"\n");
        CrateConfig config = load(path, new Flags(Path.of("/from/flag"), "text", true, "disabled"));
        assertEquals(Path.of("/from/flag"), config.runtime().root());
        assertEquals(Origin.flag("--root"), config.origin("runtime.root"));
        assertEquals(LogFormat.TEXT, config.runtime().logFormat());
        assertEquals("--log-format", config.origin("runtime.log_format").toString());
        assertEquals(LogLevel.DEBUG, config.runtime().logLevel());
        assertEquals("--debug", config.origin("runtime.log_level").toString());
        assertEquals("disabled", config.cgroups().manager());
        assertEquals("--cgroup-manager", config.origin("cgroups.manager").toString());
        // Without flags the file's values stand.
        CrateConfig fileOnly = load(path, Flags.NONE);
        assertEquals(Path.of("/from/file"), fileOnly.runtime().root());
        assertEquals(LogFormat.JSON, fileOnly.runtime().logFormat());
        assertEquals(path + ":2", fileOnly.origin("runtime.root").toString());
    }

    @Test
    void theNetworkKeysReachTheSettings() throws Exception {
        CrateConfig config = load("""
                [network]
                default = "cni:my-net.1"
                mtu = 9000
                firewall = "iptables"
                dns = ["1.1.1.1", "2606:4700:4700::1111"]
                cni_config_dirs = ["/srv/cni/conf"]
                cni_plugin_dirs = ["/srv/cni/bin", "/usr/lib/cni"]
                """);
        CrateConfig.NetworkSettings network = config.network();
        assertEquals("cni:my-net.1", network.defaultDriver());
        assertEquals(9000, network.mtu());
        assertEquals("iptables", network.firewall());
        assertEquals(List.of("1.1.1.1", "2606:4700:4700::1111"), network.dns());
        assertEquals(List.of(Path.of("/srv/cni/conf")), network.cniConfigDirs());
        assertEquals(List.of(Path.of("/srv/cni/bin"), Path.of("/usr/lib/cni")), network.cniPluginDirs());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aLogFormatFlagOtherThanJsonIsTextAsBefore() throws Exception {
        assertEquals(LogFormat.TEXT, load(null, new Flags(null, "xml", false, null)).runtime().logFormat());
        assertEquals(LogFormat.JSON, load(null, new Flags(null, "json", false, null)).runtime().logFormat());
    }

    @Test
    void theFileIsNamedByTheFlagElseTheEnvironmentElseTheDefaultLocation() throws Exception {
        Path byFlag = Files.writeString(tmp.resolve("flag.toml"), "[runtime]\nroot = \"/flag\"\n");
        Path byEnv = Files.writeString(tmp.resolve("env.toml"), "[runtime]\nroot = \"/env\"\n");
        Path atDefault = Files.writeString(tmp.resolve("default.toml"), "[runtime]\nroot = \"/default\"\n");
        Map<String, String> env = Map.of("CRATE_CONFIG", byEnv.toString());
        CrateConfig flag = ConfigLoader.load(byFlag, env, atDefault, Flags.NONE, warnings::add);
        assertEquals(Path.of("/flag"), flag.runtime().root());
        assertEquals(byFlag + " (--config)", flag.file().describe());
        CrateConfig environment = ConfigLoader.load(null, env, atDefault, Flags.NONE, warnings::add);
        assertEquals(Path.of("/env"), environment.runtime().root());
        assertEquals(byEnv + " (CRATE_CONFIG)", environment.file().describe());
        assertEquals(byEnv + ":2", environment.origin("runtime.root").toString());
        CrateConfig fallback = ConfigLoader.load(null, Map.of("CRATE_CONFIG", ""), atDefault, Flags.NONE, warnings::add);
        assertEquals(Path.of("/default"), fallback.runtime().root());
        assertEquals(atDefault.toString(), fallback.file().describe());
    }

    @Test
    void aNamedFileMustExist() {
        Path missing = tmp.resolve("missing.toml");
        assertEquals(missing + " (--config): no such configuration file",
                assertThrows(CrateException.class, () -> load(missing, Flags.NONE)).getMessage());
        assertEquals(missing + " (CRATE_CONFIG): no such configuration file",
                assertThrows(CrateException.class, () -> ConfigLoader.load(null, Map.of("CRATE_CONFIG", missing.toString()),
                        tmp.resolve("absent"), Flags.NONE, warnings::add)).getMessage());
    }

    @Test
    void anEmptyFileIsAllDefaults() throws Exception {
        CrateConfig config = load("# nothing\n");
        assertEquals(values(CrateConfig.defaults(null)), values(config));
        assertTrue(config.file().present());
    }

    @Test
    void anInvalidValueNamesTheFileTheLineAndTheKey() throws IOException {
        String message = error("""
                [runtime]
                root = "/run/crate"

                # downloads
                [images]
                registries = ["docker.io"]
                parallel_downloads = "three"
                """);
        assertEquals(tmp.resolve("config.toml") + ":7: images.parallel_downloads: expected an integer from 1 to 64, got \"three\"",
                message);
    }

    @Test
    void aSyntaxErrorNamesTheLineTheColumnAndTheKey() throws IOException {
        assertEquals(tmp.resolve("config.toml") + ":3:8: runtime.root: invalid TOML: Unknown token",
                error("[runtime]\n\nroot = /run/crate\n"));
        assertTrue(error("[runtime]\nroot = \"/x\n").startsWith(tmp.resolve("config.toml") + ":2:"),
                "an unterminated string: " + error("[runtime]\nroot = \"/x\n"));
    }

    @Test
    void aDuplicateKeyNamesItsSecondLine() throws IOException {
        assertEquals(tmp.resolve("config.toml") + ":3: runtime.root: invalid TOML: Duplicate key",
                error("[runtime]\nroot = \"/a\"\nroot = \"/b\"\nlog_level = \"warn\"\n"));
    }

    @Test
    void unknownKeysAndTablesAreWarningsAndIgnored() throws Exception {
        CrateConfig config = load("""
                typo = 1
                [runtime]
                rooot = "/x"
                root = "/y"
                [runtime.extra]
                a = 1
                [netwrk]
                default = "host"
                """);
        assertEquals(Path.of("/y"), config.runtime().root());
        assertEquals("none", config.network().defaultDriver());
        Path path = tmp.resolve("config.toml");
        assertEquals(List.of(path + ":1: unknown key typo (ignored)", path + ":3: unknown key runtime.rooot (ignored)",
                path + ":5: unknown table runtime.extra (ignored)", path + ":7: unknown table netwrk (ignored)"), warnings);
    }

    @Test
    void aKnownTableThatIsNoTableIsAnError() throws IOException {
        assertEquals(tmp.resolve("config.toml") + ":1: runtime: expected a table, got 3", error("runtime = 3\n"));
    }

    @Test
    void aMirrorErrorNamesItsRegistry() throws IOException {
        assertEquals(tmp.resolve("config.toml") + ":3: images.mirrors.\"docker.io\": expected an http:// or https:// URL"
                        + " such as \"https://mirror.example\", got \"mirror.example\"",
                error("[images]\n[images.mirrors]\n\"docker.io\" = [\"mirror.example\"]\n"));
        assertTrue(error("[images]\nmirrors = { \"https://x\" = [] }\n")
                .startsWith(tmp.resolve("config.toml") + ":2: images.mirrors.\"https://x\": expected a registry host"));
        assertTrue(error("[images]\nmirrors = [\"https://x\"]\n")
                .startsWith(tmp.resolve("config.toml") + ":2: images.mirrors: expected a table of registries' mirrors"));
    }

    /** Each key's check, through the file: the line is 2, under the table's header. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            runtime  | root = "relative/state"        | runtime.root: expected an absolute path, got "relative/state"
            runtime  | root = 7                       | runtime.root: expected an absolute path, got 7
            runtime  | data_root = ""                 | runtime.data_root: expected an absolute path, got ""
            runtime  | plugin_dir = "plugins"         | runtime.plugin_dir: expected an absolute path, got "plugins"
            runtime  | log_level = "verbose"          | runtime.log_level: expected one of error, warn, info, debug, got "verbose"
            runtime  | log_format = "xml"             | runtime.log_format: expected one of text, json, got "xml"
            cgroups  | manager = "systemd"            | cgroups.manager: expected one of cgroupfs, disabled, got "systemd"
            cgroups  | parent = "a/../b"              | cgroups.parent: expected a cgroup path, relative ("crate") or absolute ("/crate"), without empty, "." or ".." parts, got "a/../b"
            cgroups  | parent = true                  | cgroups.parent: expected a cgroup path, got true
            network  | default = "Bridge!"            | network.default: expected a network driver's name such as "none", "host", "bridge" or "cni:NAME", got "Bridge!"
            network  | default = "cni:"               | network.default: expected a network driver's name such as "none", "host", "bridge" or "cni:NAME", got "cni:"
            network  | default = "cni:a/b"            | network.default: expected a network driver's name such as "none", "host", "bridge" or "cni:NAME", got "cni:a/b"
            network  | mtu = 67                       | network.mtu: expected an MTU, an integer from 68 to 65535, got 67
            network  | mtu = "1500"                   | network.mtu: expected an MTU, an integer from 68 to 65535, got "1500"
            network  | firewall = "pf"                | network.firewall: expected one of auto, nftables, iptables, got "pf"
            network  | dns = "1.1.1.1"                | network.dns: expected an array of nameserver addresses such as ["1.1.1.1"], got "1.1.1.1"
            network  | dns = ["1.1.1.256"]            | network.dns: expected an IPv4 or IPv6 address, got "1.1.1.256"
            network  | dns = ["dns.example"]          | network.dns: expected an IPv4 or IPv6 address, got "dns.example"
            network  | cni_config_dirs = ["net.d"]    | network.cni_config_dirs: expected an absolute path, got "net.d"
            network  | cni_plugin_dirs = "/opt/cni"   | network.cni_plugin_dirs: expected an array of absolute paths, got "/opt/cni"
            network  | bridge = "a-very-long-bridge0" | network.bridge: expected a network interface name (1 to 15 characters, no '/', ':' or spaces), got "a-very-long-bridge0"
            network  | subnet = "10.88.0.0"           | network.subnet: expected an IPv4 subnet in CIDR notation such as "10.88.0.0/16", got "10.88.0.0": expected ADDRESS/PREFIX, e.g. 10.88.0.0/16
            network  | subnet = "10.88.0.0/33"        | network.subnet: expected an IPv4 subnet in CIDR notation such as "10.88.0.0/16", got "10.88.0.0/33": prefix length must be 1-30
            security | seccomp_profile = "strict"     | security.seccomp_profile: expected "default", "unconfined" or the absolute path of a profile, got "strict"
            images   | registries = "docker.io"       | images.registries: expected an array of registry hosts such as ["docker.io"], got "docker.io"
            images   | registries = ["https://x.io"]  | images.registries: expected a registry host such as "docker.io" or "localhost:5000" (no scheme, no path), got "https://x.io"
            images   | insecure_registries = [5000]   | images.insecure_registries: expected a registry host such as "docker.io", got 5000
            images   | credentials = "auth.json"      | images.credentials: expected "" (Docker's ~/.docker/config.json) or an absolute path, got "auth.json"
            images   | parallel_downloads = 0         | images.parallel_downloads: expected an integer from 1 to 64, got 0
            images   | parallel_downloads = 65        | images.parallel_downloads: expected an integer from 1 to 64, got 65
            images   | parallel_downloads = 2.5       | images.parallel_downloads: expected an integer from 1 to 64, got 2.5
            images   | parallel_downloads = 99999999999 | images.parallel_downloads: expected an integer from 1 to 64, got 99999999999
            """)
    void eachValueIsChecked(String table, String line, String expected) throws IOException {
        assertEquals(tmp.resolve("config.toml") + ":2: " + expected, error("[" + table + "]\n" + line + "\n"));
    }

    @Test
    void anUnreadableFileIsAnError() throws IOException {
        Path notUtf8 = Files.write(tmp.resolve("latin1.toml"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});
        assertEquals(notUtf8 + " (--config): not UTF-8 text",
                assertThrows(CrateException.class, () -> load(notUtf8, Flags.NONE)).getMessage());
        Path directory = Files.createDirectory(tmp.resolve("dir.toml"));
        assertTrue(assertThrows(CrateException.class, () -> load(directory, Flags.NONE)).getMessage()
                .startsWith("cannot read the configuration file " + directory + " (--config): "));
    }

    @Test
    void showIsValidTomlThatReadsBackToTheSameValuesWithEachOrigin() throws Exception {
        Path path = file("""
                [runtime]
                plugin_dir = "/opt/crate \\"plugins\\""
                [images]
                mirrors = { "docker.io" = ["https://m.example"] }
                insecure_registries = ["localhost:5000"]
                """);
        CrateConfig config = load(path, new Flags(Path.of("/tmp/state"), null, false, null));
        String shown = ConfigToml.render(config);
        assertTrue(shown.startsWith("# crate's effective configuration: defaults < " + path + " (--config) < flags\n"), shown);
        assertTrue(shown.contains("\nroot = \"/tmp/state\"  # --root\n"), shown);
        assertTrue(shown.contains("\nplugin_dir = \"/opt/crate \\\"plugins\\\"\"  # " + path + ":2\n"), shown);
        assertTrue(shown.contains("\nmirrors = { \"docker.io\" = [\"https://m.example\"] }  # " + path + ":4\n"), shown);
        assertTrue(shown.contains("\nparallel_downloads = 3  # default\n"), shown);
        // Read back as a configuration file, it gives the same values.
        Path again = Files.writeString(tmp.resolve("again.toml"), shown);
        assertEquals(values(config), values(load(again, Flags.NONE)));
        assertEquals(List.of(), warnings);
        // Every line of a value ends with its origin.
        JsonNode tree = new TomlMapper().readTree(shown);
        config.table().forEach((table, keys) -> keys.keySet().forEach(key -> assertTrue(tree.get(table).has(key), key)));
        assertTrue(shown.lines().filter(line -> line.contains(" = ")).allMatch(line -> line.contains("  # ")), shown);
    }

    @Test
    void showWithoutAFileSaysItIsAbsent() throws Exception {
        String shown = ConfigToml.render(load(null, Flags.NONE));
        assertTrue(shown.startsWith("# crate's effective configuration: defaults < " + tmp.resolve("absent/config.toml")
                + " (absent) < flags\n"), shown);
        assertTrue(shown.contains("""

                [network]
                default = "none"  # default
                bridge = "crate0"  # default
                subnet = "10.88.0.0/16"  # default
                mtu = 1500  # default
                firewall = "auto"  # default
                dns = []  # default
                cni_config_dirs = ["/etc/cni/net.d"]  # default
                cni_plugin_dirs = ["/usr/lib/cni", "/opt/cni/bin"]  # default
                """), shown);
        assertTrue(shown.contains("\nmirrors = {}  # default\n"), shown);
    }
}
