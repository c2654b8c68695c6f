package crate.api.spi;

import java.util.Optional;

/**
 * The version of the plugin API: this package's interfaces and {@code crate.api.spec}, which
 * the plugins are called with. A plugin jar says which version it was built against in its
 * manifest ({@value #MANIFEST_ATTRIBUTE}: 2.0); crate refuses a jar that says none, another
 * major version, or a newer minor version than this crate's: calling such a plugin would fail
 * later and somewhere else, with a NoSuchMethodError in the middle of a container's create.
 *
 * <p>2.0: {@link Puller} became the image store's interface ({@code crate.api.image}); 1.0's
 * {@code pull(String, Progress)} had no implementation.
 *
 * <p>2.1: {@link NetworkDriver} gained settings ({@code crate.api.network}), validation before
 * create, the host's namespace, CHECK, and published ports ({@link ContainerContext#PORTS}).
 *
 * <p>The minor version grows when an interface gains a method with a default; the major
 * version when anything changes incompatibly.
 */
public final class PluginApi {
    /** This crate's plugin API version, MAJOR.MINOR. */
    public static final String VERSION = "2.1";
    /** The manifest attribute of a plugin jar that names the API version it was built for. */
    public static final String MANIFEST_ATTRIBUTE = "Crate-Plugin-Api";

    private PluginApi() {}

    /**
     * Why a plugin built for {@code declared} cannot run here; empty if it can.
     *
     * @param declared the value of the plugin's {@value #MANIFEST_ATTRIBUTE}, null if it has none
     */
    public static Optional<String> incompatibility(String declared) {
        if (declared == null || declared.isBlank()) {
            return Optional.of("its manifest does not say which crate plugin API it was built for (" + MANIFEST_ATTRIBUTE
                    + ": " + VERSION + ")");
        }
        int[] theirs = parse(declared.strip());
        int[] ours = parse(VERSION);
        if (theirs == null) {
            return Optional.of(MANIFEST_ATTRIBUTE + " \"" + declared + "\" is not a version MAJOR.MINOR");
        }
        if (theirs[0] != ours[0] || theirs[1] > ours[1]) {
            return Optional.of("it is built for crate plugin API " + declared.strip() + ", this crate has " + VERSION);
        }
        return Optional.empty();
    }

    private static int[] parse(String version) {
        String[] parts = version.split("\\.", -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major >= 0 && minor >= 0 ? new int[] {major, minor} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
