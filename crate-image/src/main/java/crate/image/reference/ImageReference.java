package crate.image.reference;

import crate.api.CrateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference with Docker's normalisation ({@code distribution/reference}): {@code alpine}
 * is {@code docker.io/library/alpine:latest}, {@code host:5000/app@sha256:...} names its own
 * registry.
 *
 * <p>The first path component is a registry when it contains {@code .} or {@code :}, is
 * {@code localhost}, or has upper-case letters; otherwise the name is "unqualified" and lives on
 * the default registry, or on each of the configured registries in turn
 * ({@link #candidates}). On docker.io a one-component name gets {@code library/}. A reference
 * with both a tag and a digest is pulled by its digest: the tag is kept only for display.
 *
 * @param registry {@code docker.io}, {@code localhost:5000}, {@code quay.io}
 * @param repository {@code library/alpine}, {@code app}
 * @param tag the tag; {@code latest} when neither a tag nor a digest was given
 * @param digest {@code sha256:<64 hex>}
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {

    /** Docker Hub's name in references. */
    public static final String DOCKER_HUB = "docker.io";
    /** Docker Hub's registry API host. */
    public static final String DOCKER_HUB_API = "registry-1.docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
    private static final Pattern IMAGE_ID = Pattern.compile("(?:sha256:)?[a-f0-9]{64}");
    private static final int MAX_NAME = 255;

    public ImageReference {
        registry = normaliseRegistry(registry);
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
    }

    /** A reference on its own registry, or on docker.io when it names none. */
    public static ImageReference parse(String text) throws CrateException {
        return candidates(text, List.of(DOCKER_HUB)).getFirst();
    }

    /**
     * The references to try, in order: one if {@code text} names its registry, else one per
     * registry of {@code registries} (crate's {@code images.registries}).
     */
    public static List<ImageReference> candidates(String text, List<String> registries) throws CrateException {
        Parsed parsed = Parsed.of(text);
        if (parsed.domain.isPresent()) {
            return List.of(parsed.on(parsed.domain.get()));
        }
        if (registries.isEmpty()) {
            throw new CrateException("invalid reference \"" + text + "\": it names no registry and no registries are configured"
                    + " (images.registries)");
        }
        List<ImageReference> list = new ArrayList<>();
        for (String registry : registries) {
            list.add(parsed.on(registry));
        }
        return List.copyOf(list);
    }

    /** Whether {@code text} names its registry ({@code host:5000/app}) rather than relying on the configured ones. */
    public static boolean isQualified(String text) throws CrateException {
        return Parsed.of(text).domain.isPresent();
    }

    /** {@code docker.io/library/alpine}: registry and repository. */
    public String name() {
        return registry + "/" + repository;
    }

    /** What the manifest is fetched by: the digest if there is one, else the tag. */
    public String manifestReference() {
        return digest.orElseGet(tag::orElseThrow);
    }

    /** {@code docker.io/library/alpine:latest} or {@code host:5000/app@sha256:...} (the digest wins over a tag). */
    public String canonical() {
        return digest.map(d -> name() + "@" + d).orElseGet(() -> name() + ":" + tag.orElseThrow());
    }

    /** The host (and port) the registry API is reached at: Docker Hub's is registry-1.docker.io. */
    public String apiHost() {
        return apiHost(registry);
    }

    /** {@link #apiHost()} for a registry name. */
    public static String apiHost(String registry) {
        return DOCKER_HUB.equals(normaliseRegistry(registry)) ? DOCKER_HUB_API : registry;
    }

    /** {@code index.docker.io} and {@code registry-1.docker.io} are docker.io. */
    public static String normaliseRegistry(String registry) {
        return switch (registry) {
            case "index.docker.io", "registry-1.docker.io" -> DOCKER_HUB;
            default -> registry;
        };
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** A reference split into its parts, its registry still open. */
    private record Parsed(String text, Optional<String> domain, String path, Optional<String> tag, Optional<String> digest) {

        static Parsed of(String text) throws CrateException {
            if (text == null || text.isEmpty()) {
                throw invalid(String.valueOf(text), "it is empty");
            }
            if (IMAGE_ID.matcher(text).matches()) {
                throw invalid(text, "a 64-hex-digit name is an image ID, not something to pull");
            }
            String rest = text;
            Optional<String> digest = Optional.empty();
            int at = rest.indexOf('@');
            if (at >= 0) {
                String d = rest.substring(at + 1);
                if (!DIGEST.matcher(d).matches()) {
                    throw invalid(text, "digest \"" + d + "\" is not sha256:<64 lower-case hex digits>");
                }
                digest = Optional.of(d);
                rest = rest.substring(0, at);
            }
            Optional<String> tag = Optional.empty();
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                String t = rest.substring(colon + 1);
                if (!TAG.matcher(t).matches()) {
                    throw invalid(text, "tag \"" + t + "\" must be 1 to 128 of [A-Za-z0-9_.-], not starting with . or -");
                }
                tag = Optional.of(t);
                rest = rest.substring(0, colon);
            }
            if (rest.isEmpty()) {
                throw invalid(text, "the repository name is missing");
            }
            if (rest.length() > MAX_NAME) {
                throw invalid(text, "the name is longer than " + MAX_NAME + " characters");
            }
            Optional<String> domain = Optional.empty();
            String path = rest;
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                String first = rest.substring(0, slash);
                if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase(Locale.ROOT))) {
                    if (!DOMAIN.matcher(first).matches()) {
                        throw invalid(text, "registry \"" + first + "\" is not host[:port]");
                    }
                    domain = Optional.of(first);
                    path = rest.substring(slash + 1);
                }
            }
            for (String component : path.split("/", -1)) {
                if (COMPONENT.matcher(component).matches()) {
                    continue;
                }
                if (COMPONENT.matcher(component.toLowerCase(Locale.ROOT)).matches()) {
                    throw invalid(text, "repository names must be lower-case");
                }
                throw invalid(text, "repository component \"" + component
                        + "\" must be lower-case letters and digits separated by '.', '_', '__' or '-'");
            }
            return new Parsed(text, domain, path, tag, digest);
        }

        ImageReference on(String registry) {
            String reg = normaliseRegistry(registry);
            String repo = DOCKER_HUB.equals(reg) && !path.contains("/") ? "library/" + path : path;
            return new ImageReference(reg, repo, tag, digest);
        }

        private static CrateException invalid(String text, String why) {
            return new CrateException("invalid reference \"" + text + "\": " + why);
        }
    }
}
