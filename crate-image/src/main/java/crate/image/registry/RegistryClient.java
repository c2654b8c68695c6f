package crate.image.registry;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.image.reference.ImageReference;
import crate.image.reference.Platform;
import crate.image.registry.ManifestParser.Document;
import crate.image.registry.RegistryException.Kind;
import crate.image.store.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A registry v2 client ({@link BlobSource}) over java.net.http: Docker's reference rules, mirrors,
 * Bearer and Basic authentication, manifest negotiation and platform selection, and blobs
 * streamed with their digest checked as they arrive, resumed and retried.
 *
 * <p>Endpoints: a registry's mirrors ({@code images.mirrors}) are tried first and any failure
 * there falls through to the next one and finally to the registry. HTTPS with full verification
 * is the only scheme unless the host is an insecure registry ({@code images.insecure_registries})
 * or the pull says {@code --tls-verify=false}: then unverified HTTPS is tried and, if no TLS
 * connection comes about, plain HTTP (podman's behaviour). {@code --tls-verify=true} verifies
 * also the registries the configuration lists as insecure. Unqualified names ({@code alpine}) are
 * tried on each of {@code images.registries} in turn.
 *
 * <p>Thread-safe: the puller fetches several blobs of one image at once.
 */
public final class RegistryClient implements BlobSource, AutoCloseable {
    /** The largest manifest, index or {@link #fetchSmall} blob read (as distribution's limit). */
    static final int MAX_SMALL = 4 << 20;

    private final ImageSettings settings;
    private final Optional<Boolean> tlsVerify;
    private final RetryPolicy retry;
    private final RegistryHttp http;
    private final Set<String> insecure;
    /** The endpoint that served each registry's last manifest: blobs are fetched there first. */
    private final ConcurrentMap<String, Endpoint> preferred = new ConcurrentHashMap<>();

    /**
     * @param settings registries, mirrors, insecure registries, the credentials file
     * @param tlsVerify {@code --tls-verify}: false allows unverified TLS and plain HTTP everywhere,
     *     true forbids them everywhere; empty: as {@code settings.insecureRegistries()} says
     */
    public RegistryClient(ImageSettings settings, Optional<Boolean> tlsVerify) {
        this(settings, tlsVerify, RetryPolicy.DEFAULT, Clock.systemUTC());
    }

    RegistryClient(ImageSettings settings, Optional<Boolean> tlsVerify, RetryPolicy retry, Clock clock) {
        this.settings = settings;
        this.tlsVerify = tlsVerify;
        this.retry = retry;
        Set<String> hosts = new LinkedHashSet<>();
        for (String entry : settings.insecureRegistries()) {
            String host = bareHost(entry);
            hosts.add(host);
            hosts.add(ImageReference.apiHost(host));
        }
        this.insecure = Set.copyOf(hosts);
        Path file = settings.credentials().orElseGet(DockerConfig::defaultPath);
        this.http = new RegistryHttp(tlsVerify.equals(Optional.of(false)), this::isInsecure, new LazyCredentials(file), clock);
    }

    @Override
    public ResolvedImage resolve(String reference, Optional<String> platform) throws CrateException {
        Platform wanted = Platform.parseOrHost(platform);
        List<ImageReference> candidates = ImageReference.candidates(reference, settings.registries());
        if (candidates.size() == 1) {
            return resolveOn(candidates.getFirst(), wanted);
        }
        List<String> failures = new ArrayList<>();
        for (ImageReference candidate : candidates) {
            try {
                return resolveOn(candidate, wanted);
            } catch (RegistryException e) {
                if (e.kind() == Kind.INVALID || e.kind() == Kind.LOCAL) {
                    throw e; // the registry has it but it is wrong: do not look elsewhere
                }
                failures.add(e.getMessage());
            }
        }
        throw new CrateException("cannot pull \"" + reference + "\" from any of the registries " + settings.registries() + ": "
                + String.join("; ", failures));
    }

    @Override
    public byte[] fetchSmall(ResolvedImage image, Descriptor blob) throws CrateException {
        if (blob.size() > MAX_SMALL) {
            throw new CrateException("blob " + blob.digest() + " is larger than 4 MiB (" + blob.size() + " bytes)");
        }
        String repository = repositoryOf(image);
        List<Endpoint> endpoints = endpointsFor(image);
        RegistryException first = null;
        for (int i = 0;; i++) {
            Endpoint ep = endpoints.get(i);
            try {
                return withRetries(ep, () -> fetchSmallOnce(ep, repository, blob));
            } catch (RegistryException e) {
                first = first == null ? e : first;
                if (i == endpoints.size() - 1 || e.kind() == Kind.LOCAL) {
                    throw e.connectionLevel() ? first : e;
                }
            }
        }
    }

    @Override
    public void fetch(ResolvedImage image, Descriptor blob, Path target, Listener listener) throws CrateException {
        String repository = repositoryOf(image);
        List<Endpoint> endpoints = endpointsFor(image);
        RegistryException first = null;
        for (int i = 0;; i++) {
            try {
                new BlobDownload(http, endpoints.get(i).mirror() ? RetryPolicy.immediate(1) : retry, repository, blob, listener)
                        .run(endpoints.get(i), target);
                return;
            } catch (RegistryException e) {
                first = first == null ? e : first;
                if (i == endpoints.size() - 1 || e.kind() == Kind.LOCAL) {
                    throw e.connectionLevel() ? first : e;
                }
            }
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** The mirrors, then the registry; each insecure host as unverified HTTPS, then HTTP. */
    List<Endpoint> plan(String registry) {
        List<Endpoint> list = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : settings.mirrors().entrySet()) {
            if (ImageReference.normaliseRegistry(bareHost(e.getKey())).equals(registry)) {
                for (String mirror : e.getValue()) {
                    addHost(list, registry, bareHost(mirror), true);
                }
            }
        }
        addHost(list, registry, ImageReference.apiHost(registry), false);
        return List.copyOf(list);
    }

    private void addHost(List<Endpoint> list, String registry, String host, boolean mirror) {
        boolean insecureHost = mirror ? isInsecure(host) : isInsecure(host) || isInsecure(registry);
        if (insecureHost) {
            list.add(new Endpoint(registry, host, Endpoint.Scheme.HTTPS_UNVERIFIED, mirror));
            list.add(new Endpoint(registry, host, Endpoint.Scheme.HTTP, mirror));
        } else {
            list.add(new Endpoint(registry, host, Endpoint.Scheme.HTTPS, mirror));
        }
    }

    private boolean isInsecure(String host) {
        return tlsVerify.map(verify -> !verify).orElseGet(() -> insecure.contains(host.toLowerCase(Locale.ROOT)));
    }

    private ResolvedImage resolveOn(ImageReference ref, Platform platform) throws RegistryException {
        List<Endpoint> endpoints = plan(ref.registry());
        for (int i = 0;; i++) {
            Endpoint ep = endpoints.get(i);
            try {
                ResolvedImage image = resolveAt(ep, ref, platform);
                preferred.put(ref.registry(), ep);
                return image;
            } catch (RegistryException e) {
                boolean last = i == endpoints.size() - 1;
                Endpoint next = last ? null : endpoints.get(i + 1);
                boolean sameHostNext = next != null && next.host().equals(ep.host()) && next.mirror() == ep.mirror();
                if (last || e.kind() == Kind.LOCAL) {
                    throw e;
                }
                // Unverified HTTPS -> HTTP of the same host only when no HTTP answer came; a mirror
                // falls through to the next host on anything; the registry's own failure is final.
                if (sameHostNext ? !e.connectionLevel() && !ep.mirror() : !ep.mirror()) {
                    throw e;
                }
            }
        }
    }

    private ResolvedImage resolveAt(Endpoint ep, ImageReference ref, Platform platform) throws RegistryException {
        String repo = ref.repository();
        String where = "manifest " + ref.canonical();
        Document top = withRetries(ep, () -> fetchManifest(ep, repo, ref.manifestReference(), ref.digest(), OptionalLong.empty(), where));
        try {
            if (MediaTypes.isManifest(top.mediaType())) {
                return ManifestParser.image(where, ref.canonical(), ref.name(), Digests.of(top.bytes()), top);
            }
            Descriptor chosen = ManifestParser.select(where, top.json(), platform);
            String childWhere = "manifest " + ref.name() + "@" + chosen.digest();
            Document child = withRetries(ep, () -> fetchManifest(ep, repo, chosen.digest(), Optional.of(chosen.digest()),
                    OptionalLong.of(chosen.size()), childWhere));
            if (!MediaTypes.isManifest(child.mediaType())) {
                throw new CrateException(childWhere + ": is a " + child.mediaType() + " inside an index; expected an image manifest");
            }
            return ManifestParser.image(childWhere, ref.canonical(), ref.name(), chosen.digest(), child);
        } catch (RegistryException e) {
            throw e;
        } catch (CrateException e) {
            throw new RegistryException(Kind.INVALID, ep.describe() + ": " + e.getMessage(), false, e);
        }
    }

    private Document fetchManifest(Endpoint ep, String repo, String reference, Optional<String> expectedDigest,
            OptionalLong expectedSize, String where) throws RegistryException {
        HttpResponse<InputStream> response = http.get(ep, repo, "/v2/" + repo + "/manifests/" + reference,
                Map.of("Accept", MediaTypes.ACCEPT_MANIFESTS), Optional.of(RegistryHttp.REQUEST_TIMEOUT));
        int status = response.statusCode();
        if (status != 200) {
            String detail = RegistryHttp.errorDetail(response);
            throw new RegistryException(BlobDownload.kindOf(status), ep.describe() + ": " + where + ": "
                    + (status == 404 ? "not found" : "answered " + status) + detail);
        }
        byte[] bytes = readSmall(ep, response, where);
        String digest = Digests.of(bytes);
        if (expectedDigest.isPresent() && !expectedDigest.get().equals(digest)) {
            throw new RegistryException(Kind.INVALID, ep.describe() + ": " + where + ": digest mismatch (got " + digest + ")");
        }
        Optional<String> announced = response.headers().firstValue("Docker-Content-Digest").map(String::trim);
        if (announced.isPresent() && announced.get().startsWith("sha256:") && !announced.get().equals(digest)) {
            throw new RegistryException(Kind.INVALID, ep.describe() + ": " + where + ": digest mismatch (Docker-Content-Digest says "
                    + announced.get() + ", the content is " + digest + ")");
        }
        if (expectedSize.isPresent() && expectedSize.getAsLong() != bytes.length) {
            throw new RegistryException(Kind.INVALID, ep.describe() + ": " + where + ": " + bytes.length
                    + " bytes, the index says " + expectedSize.getAsLong());
        }
        try {
            return ManifestParser.read(where, response.headers().firstValue("Content-Type").orElse(""), bytes);
        } catch (CrateException e) {
            throw new RegistryException(Kind.INVALID, ep.describe() + ": " + e.getMessage(), false, e);
        }
    }

    private byte[] fetchSmallOnce(Endpoint ep, String repository, Descriptor blob) throws RegistryException {
        String where = "blob " + blob.digest();
        HttpResponse<InputStream> response = http.get(ep, repository, "/v2/" + repository + "/blobs/" + blob.digest(),
                Map.of(), Optional.of(RegistryHttp.REQUEST_TIMEOUT));
        int status = response.statusCode();
        if (status != 200) {
            String detail = RegistryHttp.errorDetail(response);
            throw new RegistryException(BlobDownload.kindOf(status), ep.describe() + ": " + where + " of " + repository + ": "
                    + (status == 404 ? "not found" : "answered " + status) + detail);
        }
        byte[] bytes = readSmall(ep, response, where);
        if (bytes.length != blob.size()) {
            throw new RegistryException(bytes.length < blob.size() ? Kind.UNAVAILABLE : Kind.INVALID,
                    ep.describe() + ": " + where + ": " + bytes.length + " bytes, the manifest says " + blob.size());
        }
        String got = Digests.of(bytes);
        if (!got.equals(blob.digest())) {
            throw new RegistryException(Kind.INVALID, where + ": digest mismatch (got " + got + ")");
        }
        return bytes;
    }

    /** At most {@link #MAX_SMALL} bytes of a body; more is refused as soon as it shows. */
    private static byte[] readSmall(Endpoint ep, HttpResponse<InputStream> response, String where) throws RegistryException {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > MAX_SMALL) {
            RegistryHttp.close(response);
            throw new RegistryException(Kind.INVALID, ep.describe() + ": " + where + " is larger than 4 MiB ("
                    + length.getAsLong() + " bytes)");
        }
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_SMALL + 1);
            if (bytes.length > MAX_SMALL) {
                throw new RegistryException(Kind.INVALID, ep.describe() + ": " + where + " is larger than 4 MiB");
            }
            return bytes;
        } catch (IOException e) {
            throw new RegistryException(Kind.UNAVAILABLE, ep.describe() + ": " + where + ": transfer broke off ("
                    + RegistryHttp.describe(e) + ")", false, e);
        }
    }

    /**
     * An action tried as the retry policy says; once on a mirror, which rather falls through, and
     * a connection that fails to come about on unverified HTTPS goes on to plain HTTP at once.
     */
    private <T> T withRetries(Endpoint ep, Attempt<T> action) throws RegistryException {
        int attempts = ep.mirror() ? 1 : retry.attempts();
        for (int attempt = 1;; attempt++) {
            try {
                return action.run();
            } catch (RegistryException e) {
                boolean httpNext = ep.scheme() == Endpoint.Scheme.HTTPS_UNVERIFIED && e.connectionLevel();
                if (!e.retryable() || httpNext || attempt >= attempts) {
                    throw e;
                }
                try {
                    retry.pause(attempt + 1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RegistryException(Kind.LOCAL, "interrupted", false, ie);
                }
            }
        }
    }

    /** One try of a request. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws RegistryException;
    }

    /**
     * Where the image's blobs are fetched: the endpoint that served its manifest, then the
     * registry itself if that was a mirror; without one, the whole plan. The error a caller sees
     * is the first endpoint's when the later ones could not even be reached.
     */
    private List<Endpoint> endpointsFor(ResolvedImage image) throws CrateException {
        String registry = registryOf(image);
        Endpoint first = preferred.get(registry);
        if (first == null) {
            return plan(registry);
        }
        List<Endpoint> list = new ArrayList<>();
        list.add(first);
        for (Endpoint ep : plan(registry)) {
            if (first.mirror() && !ep.mirror()) {
                list.add(ep);
            }
        }
        return list;
    }

    private static String registryOf(ResolvedImage image) throws CrateException {
        int slash = image.repository().indexOf('/');
        if (slash <= 0) {
            throw new CrateException("resolved image " + image.name() + ": repository \"" + image.repository() + "\" names no registry");
        }
        return ImageReference.normaliseRegistry(image.repository().substring(0, slash));
    }

    private static String repositoryOf(ResolvedImage image) throws CrateException {
        registryOf(image);
        return image.repository().substring(image.repository().indexOf('/') + 1);
    }

    /** {@code https://host:5000/} is {@code host:5000}. */
    private static String bareHost(String entry) {
        String s = entry.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The credentials file, read once at the first challenge. */
    private static final class LazyCredentials implements RegistryHttp.CredentialSource {
        private final Path path;
        private volatile DockerConfig config;

        LazyCredentials(Path path) {
            this.path = path;
        }

        @Override
        public Optional<Credential> lookup(String key) throws CrateException {
            DockerConfig c = config;
            if (c == null) {
                c = DockerConfig.load(path);
                config = c;
            }
            return c.lookup(key);
        }

        @Override
        public Path path() {
            return path;
        }
    }
}
