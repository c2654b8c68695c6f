package crate.image.reference;

import crate.api.CrateException;
import java.util.Locale;
import java.util.Optional;

/**
 * An image platform, {@code os/arch[/variant]}, normalised as containerd does: {@code x86_64} is
 * {@code amd64}, {@code aarch64} is {@code arm64}, and the default variant of an architecture
 * ({@code arm64/v8}, {@code arm/v7}, {@code amd64/v1}) equals no variant.
 *
 * @param os {@code linux}
 * @param architecture {@code amd64}, {@code arm64}, {@code arm}, ...
 * @param variant {@code v8}, {@code v7}, or "" for the architecture's default
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        os = os.toLowerCase(Locale.ROOT);
        String arch = architecture.toLowerCase(Locale.ROOT);
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "x86_64", "x86-64" -> arch = "amd64";
            case "aarch64" -> arch = "arm64";
            case "armhf" -> {
                arch = "arm";
                v = v.isEmpty() ? "v7" : v;
            }
            case "armel" -> {
                arch = "arm";
                v = v.isEmpty() ? "v6" : v;
            }
            case "i386", "i686" -> arch = "386";
            default -> { }
        }
        // The default variant is spelled "" so that records compare equal.
        if (v.equals(defaultVariant(arch)) || (arch.equals("arm64") && v.equals("8"))) {
            v = "";
        }
        architecture = arch;
        variant = v;
    }

    /** {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}; errors name the text. */
    public static Platform parse(String text) throws CrateException {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new CrateException("invalid platform \"" + text + "\": expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** {@link #parse} for an optional text; empty: {@link #host()}. */
    public static Platform parseOrHost(Optional<String> text) throws CrateException {
        return text.isPresent() ? parse(text.get()) : host();
    }

    /** The platform this JVM runs on (Linux; the architecture from {@code os.arch}). */
    public static Platform host() {
        return fromJava(System.getProperty("os.arch", "amd64"));
    }

    /** The platform for a value of {@code os.arch} ({@code amd64}, {@code aarch64}, {@code arm}). */
    static Platform fromJava(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> new Platform("linux", "amd64", "");
            case "aarch64", "arm64" -> new Platform("linux", "arm64", "");
            case "arm" -> new Platform("linux", "arm", "v7");
            case "x86", "i386", "i686" -> new Platform("linux", "386", "");
            default -> new Platform("linux", osArch, "");
        };
    }

    /**
     * Whether an image for {@code offered} runs here: the same os and architecture and the same
     * (normalised) variant; an image without a variant is taken for the default one.
     */
    public boolean matches(Platform offered) {
        return os.equals(offered.os) && architecture.equals(offered.architecture) && variant.equals(offered.variant);
    }

    /** {@code linux/arm64/v8}: the variant spelled out where the architecture has a default one. */
    @Override
    public String toString() {
        String v = variant.isEmpty() && !architecture.equals("amd64") ? defaultVariant(architecture) : variant;
        return os + "/" + architecture + (v.isEmpty() ? "" : "/" + v);
    }

    private static String defaultVariant(String arch) {
        return switch (arch) {
            case "arm64" -> "v8";
            case "arm" -> "v7";
            case "amd64" -> "v1";
            default -> "";
        };
    }
}
