package crate.app.config;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Subnet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * crate's effective configuration: built-in defaults, overridden by the configuration file,
 * overridden by the command line's global flags; immutable. {@link #origin} tells where each
 * value came from. Keys are snake_case in the file ({@code runtime.plugin_dir}) and
 * camelCase here ({@code runtime().pluginDir()}).
 *
 * @param file the file that was chosen, and whether it existed
 * @param origins where each value that is not a default came from, by key ("runtime.root")
 */
public record CrateConfig(RuntimeSettings runtime, CgroupSettings cgroups, NetworkSettings network,
        SecuritySettings security, ImageSettings images, ConfigFile file, Map<String, Origin> origins) {

    public CrateConfig {
        origins = Map.copyOf(origins);
    }

    /**
     * {@code [runtime]}.
     *
     * @param root the containers' state ({@code --root})
     * @param dataRoot images, layers and leases
     * @param pluginDir modular jars loaded at start
     * @param logLevel debug shows internal errors' stack traces ({@code --debug})
     * @param logFormat the lines of the {@code --log} file ({@code --log-format})
     */
    public record RuntimeSettings(Path root, Path dataRoot, Path pluginDir, LogLevel logLevel, LogFormat logFormat) {}

    /**
     * {@code [cgroups]}.
     *
     * @param manager "cgroupfs" or "disabled" ({@code --cgroup-manager})
     * @param parent the parent cgroup of containers without linux.cgroupsPath: relative (under
     *     crate's own cgroup in each hierarchy) or absolute
     */
    public record CgroupSettings(String manager, String parent) {}

    /**
     * {@code [network]}.
     *
     * @param defaultDriver the network driver of containers when none is asked for
     * @param bridge the bridge device of the "bridge" driver
     * @param subnet the bridge's subnet
     * @param mtu the MTU of the bridge and the containers' interfaces
     * @param firewall "auto" (nftables, else iptables), "nftables" or "iptables"
     * @param dns nameservers for the containers' resolv.conf; empty: the host's
     * @param cniConfigDirs where {@code --network cni:NAME} finds NAME's conflist
     * @param cniPluginDirs where the CNI plugins' executables are, in order
     */
    public record NetworkSettings(String defaultDriver, String bridge, Ipv4Subnet subnet, int mtu, String firewall,
            List<String> dns, List<Path> cniConfigDirs, List<Path> cniPluginDirs) {
        public NetworkSettings {
            dns = List.copyOf(dns);
            cniConfigDirs = List.copyOf(cniConfigDirs);
            cniPluginDirs = List.copyOf(cniPluginDirs);
        }
    }

    /**
     * {@code [security]}.
     *
     * @param seccompProfile "default" (Docker's, built in), "unconfined", or an absolute path
     */
    public record SecuritySettings(String seccompProfile) {
        public static final String DEFAULT_PROFILE = "default";
        public static final String UNCONFINED = "unconfined";

        /** The profile's file, when seccomp_profile names one. */
        public Optional<Path> seccompProfileFile() {
            return seccompProfile.startsWith("/") ? Optional.of(Path.of(seccompProfile)) : Optional.empty();
        }
    }

    /**
     * {@code [images]}.
     *
     * @param registries where unqualified image names are looked up, in order
     * @param insecureRegistries registries reached over plain HTTP or unverified TLS
     * @param mirrors per registry, mirrors to try first
     * @param credentials a Docker config.json with "auths"; empty: Docker's own
     *     (~/.docker/config.json)
     * @param parallelDownloads how many layers are downloaded at once (1 to 64)
     * @param puller the name of the image puller ({@code crate plugins}); "": the first found,
     *     crate's own first
     */
    public record ImageSettings(List<String> registries, List<String> insecureRegistries,
            Map<String, List<String>> mirrors, Optional<Path> credentials, int parallelDownloads, String puller) {
        public ImageSettings {
            registries = List.copyOf(registries);
            insecureRegistries = List.copyOf(insecureRegistries);
            Map<String, List<String>> copy = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> entry : mirrors.entrySet()) {
                copy.put(entry.getKey(), List.copyOf(entry.getValue()));
            }
            mirrors = java.util.Collections.unmodifiableMap(copy);
        }
    }

    public enum LogLevel {
        ERROR, WARN, INFO, DEBUG;

        /** As in the file: "warn". */
        public String tomlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum LogFormat {
        TEXT, JSON;

        public String tomlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final RuntimeSettings RUNTIME_DEFAULTS = new RuntimeSettings(Path.of("/run/crate"),
            Path.of("/var/lib/crate"), Path.of("/usr/local/lib/crate/plugins"), LogLevel.WARN, LogFormat.TEXT);
    public static final CgroupSettings CGROUP_DEFAULTS = new CgroupSettings("cgroupfs", "crate");
    public static final NetworkSettings NETWORK_DEFAULTS =
            new NetworkSettings("none", "crate0", new Ipv4Subnet(new Ipv4Address((10 << 24) | (88 << 16)), 16), 1500, "auto", List.of(),
                    List.of(Path.of("/etc/cni/net.d")), List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin")));
    public static final SecuritySettings SECURITY_DEFAULTS = new SecuritySettings(SecuritySettings.DEFAULT_PROFILE);
    public static final ImageSettings IMAGE_DEFAULTS =
            new ImageSettings(List.of("docker.io"), List.of(), Map.of(), Optional.empty(), 3, "");

    /** Every setting at its default; {@code file} was absent. */
    static CrateConfig defaults(ConfigFile file) {
        return new CrateConfig(RUNTIME_DEFAULTS, CGROUP_DEFAULTS, NETWORK_DEFAULTS, SECURITY_DEFAULTS, IMAGE_DEFAULTS,
                file, Map.of());
    }

    /** Where the value of {@code key} ("cgroups.parent") came from. */
    public Origin origin(String key) {
        return origins.getOrDefault(key, Origin.DEFAULT);
    }

    /**
     * The values as the file writes them, table by table and key by key in the documented
     * order: strings, integers, lists of strings, and images.mirrors as a table of lists.
     */
    public Map<String, Map<String, Object>> table() {
        Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
        Map<String, Object> runtimeTable = new LinkedHashMap<>();
        runtimeTable.put("root", runtime.root().toString());
        runtimeTable.put("data_root", runtime.dataRoot().toString());
        runtimeTable.put("plugin_dir", runtime.pluginDir().toString());
        runtimeTable.put("log_level", runtime.logLevel().tomlName());
        runtimeTable.put("log_format", runtime.logFormat().tomlName());
        tables.put("runtime", runtimeTable);
        Map<String, Object> cgroupsTable = new LinkedHashMap<>();
        cgroupsTable.put("manager", cgroups.manager());
        cgroupsTable.put("parent", cgroups.parent());
        tables.put("cgroups", cgroupsTable);
        Map<String, Object> networkTable = new LinkedHashMap<>();
        networkTable.put("default", network.defaultDriver());
        networkTable.put("bridge", network.bridge());
        networkTable.put("subnet", network.subnet().toString());
        networkTable.put("mtu", network.mtu());
        networkTable.put("firewall", network.firewall());
        networkTable.put("dns", network.dns());
        networkTable.put("cni_config_dirs", network.cniConfigDirs().stream().map(Path::toString).toList());
        networkTable.put("cni_plugin_dirs", network.cniPluginDirs().stream().map(Path::toString).toList());
        tables.put("network", networkTable);
        Map<String, Object> securityTable = new LinkedHashMap<>();
        securityTable.put("seccomp_profile", security.seccompProfile());
        tables.put("security", securityTable);
        Map<String, Object> imagesTable = new LinkedHashMap<>();
        imagesTable.put("registries", images.registries());
        imagesTable.put("insecure_registries", images.insecureRegistries());
        imagesTable.put("mirrors", images.mirrors());
        imagesTable.put("credentials", images.credentials().isPresent() ? images.credentials().get().toString() : "");
        imagesTable.put("parallel_downloads", images.parallelDownloads());
        imagesTable.put("puller", images.puller());
        tables.put("images", imagesTable);
        return tables;
    }
}
