package crate.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.CrateException;
import crate.image.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * HTTP for the registry API: GETs over java.net.http with redirects followed by hand (at most
 * {@link #MAX_REDIRECTS}; the Authorization header only ever goes to the endpoint's own host),
 * and authentication: a 401's {@code WWW-Authenticate} challenge is answered once per request
 * with a Bearer token (fetched from the challenge's realm, reused per host and scope until it
 * expires) or Basic credentials from the Docker config file.
 */
final class RegistryHttp implements AutoCloseable {
    static final int MAX_REDIRECTS = 5;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a small request (manifest, token) may wait for its response headers. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_TOKEN_RESPONSE = 1 << 20;
    private static final int MAX_ERROR_BODY = 4096;

    private final HttpClient verified;
    private final HttpClient unverified;
    private final boolean verifyNothing;
    private final Predicate<String> insecureHost;
    private final TokenCache tokens;
    private final CredentialSource credentials;
    /** The last challenge each host gave: the scheme to answer it with next time, before a 401. */
    private final ConcurrentMap<String, AuthChallenge> challenges = new ConcurrentHashMap<>();

    /** Where credentials come from: the configured file, else Docker's; read at the first 401. */
    interface CredentialSource {
        Optional<Credential> lookup(String key) throws CrateException;

        /** The file, for messages. */
        Path path();
    }

    /**
     * @param verifyNothing {@code --tls-verify=false}: no TLS verification anywhere
     * @param insecureHost whether a host ({@code host[:port]}) is listed as insecure
     */
    RegistryHttp(boolean verifyNothing, Predicate<String> insecureHost, CredentialSource credentials, Clock clock) {
        this.verifyNothing = verifyNothing;
        this.insecureHost = insecureHost;
        this.credentials = credentials;
        this.tokens = new TokenCache(clock);
        this.verified = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        this.unverified = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(InsecureTls.context()).build();
    }

    /**
     * GET {@code path} of {@code ep}'s API for {@code repository} (the token scope), answering
     * one authentication challenge. The caller reads and closes the body; statuses other than
     * 401 are its to judge. Redirects are followed.
     *
     * @param timeout how long to wait for the response headers; empty: no limit (blobs)
     */
    HttpResponse<InputStream> get(Endpoint ep, String repository, String path, Map<String, String> headers,
            Optional<Duration> timeout) throws RegistryException {
        String scope = "repository:" + repository + ":pull";
        URI uri = ep.uri(path);
        Optional<String> auth = cachedAuthorization(ep, scope);
        HttpResponse<InputStream> response = send(ep, uri, headers, auth, timeout);
        if (response.statusCode() != 401) {
            return response;
        }
        List<AuthChallenge> offered = AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(""));
        close(response);
        AuthChallenge challenge = offered.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> offered.stream().filter(AuthChallenge::isBasic).findFirst())
                .orElseThrow(() -> new RegistryException(Kind.AUTH, ep.describe() + ": authentication required"
                        + (offered.isEmpty() ? " (401 without a WWW-Authenticate challenge)" : " (unsupported challenge " + offered.getFirst().scheme() + ")")));
        challenges.put(ep.host(), challenge);
        tokens.invalidate(ep.host(), scope);
        Optional<Credential> credential = credential(ep);
        String fresh = authorize(ep, scope, challenge, credential);
        response = send(ep, uri, headers, Optional.of(fresh), timeout);
        if (response.statusCode() == 401) {
            close(response);
            tokens.invalidate(ep.host(), scope);
            if (credential.isPresent()) {
                throw refused(ep, 401);
            }
            if (challenge.isBearer()) {
                // An anonymous token that does not open the repository: Docker Hub's answer for a
                // repository that does not exist as much as for a private one.
                throw new RegistryException(Kind.AUTH, ep.describe() + ": pull access denied for " + repository
                        + ": the repository does not exist or needs credentials (none for " + ep.credentialKey() + " in "
                        + credentials.path() + ")");
            }
            throw required(ep);
        }
        return response;
    }

    /** The header value for a host whose scheme is known; empty before its first challenge. */
    private Optional<String> cachedAuthorization(Endpoint ep, String scope) throws RegistryException {
        AuthChallenge known = challenges.get(ep.host());
        if (known == null) {
            return Optional.empty();
        }
        if (known.isBearer()) {
            return tokens.get(ep.host(), scope).map(t -> "Bearer " + t);
        }
        return credential(ep).map(Credential::basicHeader);
    }

    private Optional<Credential> credential(Endpoint ep) throws RegistryException {
        try {
            return credentials.lookup(ep.credentialKey());
        } catch (RegistryException e) {
            throw e;
        } catch (CrateException e) {
            throw new RegistryException(Kind.INVALID, e.getMessage(), false, e);
        }
    }

    private String authorize(Endpoint ep, String scope, AuthChallenge challenge, Optional<Credential> credential)
            throws RegistryException {
        if (challenge.isBasic()) {
            return credential.map(Credential::basicHeader).orElseThrow(() -> required(ep));
        }
        String realm = challenge.param("realm").orElseThrow(() -> new RegistryException(Kind.AUTH,
                ep.describe() + ": authentication required, but its Bearer challenge names no realm"));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(Kind.AUTH, ep.describe() + ": token realm \"" + realm + "\" is not a URL", false, e);
        }
        if (!"https".equals(realmUri.getScheme()) && !"http".equals(realmUri.getScheme())) {
            throw new RegistryException(Kind.AUTH, ep.describe() + ": token realm \"" + realm + "\" is not an http(s) URL");
        }
        if ("http".equals(realmUri.getScheme()) && credential.isPresent() && !ep.insecure() && !verifyNothing) {
            throw new RegistryException(Kind.AUTH, ep.describe() + ": token realm " + realm
                    + " is plain HTTP; crate sends credentials there only for insecure registries");
        }
        StringBuilder query = new StringBuilder();
        challenge.param("service").ifPresent(s -> query.append("service=").append(encode(s)).append('&'));
        query.append("scope=").append(encode(scope));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        Optional<String> basic = credential.map(Credential::basicHeader);
        HttpResponse<InputStream> response = sendTo(tokenUri, Map.of("Accept", "application/json"), basic,
                Optional.of(REQUEST_TIMEOUT), tokenUri.getAuthority(), ep.insecure());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw credential.isPresent() ? refused(ep, status) : required(ep);
            }
            if (status != 200) {
                throw new RegistryException(status >= 500 || status == 429 ? Kind.UNAVAILABLE : Kind.AUTH,
                        ep.describe() + ": token server " + realm + " answered " + status);
            }
            JsonNode json = new ObjectMapper().readTree(body.readNBytes(MAX_TOKEN_RESPONSE));
            String token = text(json, "token").or(() -> text(json, "access_token")).orElseThrow(() -> new RegistryException(
                    Kind.AUTH, ep.describe() + ": token server " + realm + " answered without a token"));
            Optional<Duration> expires = Optional.ofNullable(json.get("expires_in")).filter(JsonNode::canConvertToLong)
                    .map(n -> Duration.ofSeconds(n.asLong()));
            tokens.put(ep.host(), scope, token, expires);
            return "Bearer " + token;
        } catch (IOException e) {
            throw new RegistryException(Kind.UNAVAILABLE, ep.describe() + ": token server " + realm + ": " + describe(e), false, e);
        }
    }

    private RegistryException required(Endpoint ep) {
        return new RegistryException(Kind.AUTH, ep.describe() + ": authentication required (no credentials for "
                + ep.credentialKey() + " in " + credentials.path() + ")");
    }

    private static RegistryException refused(Endpoint ep, int status) {
        return new RegistryException(Kind.AUTH, ep.describe() + ": credentials refused (" + status + ")");
    }

    /** One request to {@code ep}, following redirects; Authorization goes only to {@code ep}'s own host. */
    private HttpResponse<InputStream> send(Endpoint ep, URI uri, Map<String, String> headers, Optional<String> auth,
            Optional<Duration> timeout) throws RegistryException {
        try {
            return sendTo(uri, headers, auth, timeout, ep.host(), ep.insecure());
        } catch (RegistryException e) {
            if (e.kind() == Kind.PLAIN_HTTP) {
                throw new RegistryException(Kind.PLAIN_HTTP, ep.describe() + ": server gave HTTP response to HTTPS client;"
                        + " list it in images.insecure_registries or use --tls-verify=false", true, e);
            }
            throw new RegistryException(e.kind(), ep.describe() + ": " + e.getMessage(), e.connectionLevel(), e);
        }
    }

    private HttpResponse<InputStream> sendTo(URI first, Map<String, String> headers, Optional<String> auth,
            Optional<Duration> timeout, String authHost, boolean authHostInsecure) throws RegistryException {
        URI uri = first;
        for (int hop = 0;; hop++) {
            boolean home = authHost.equalsIgnoreCase(uri.getRawAuthority());
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
            headers.forEach(b::header);
            if (home) {
                auth.ifPresent(a -> b.header("Authorization", a));
            }
            if ("http".equals(uri.getScheme())) {
                b.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain registries
            }
            timeout.ifPresent(b::timeout);
            HttpClient client = verifyNothing || (home && authHostInsecure) || insecureHost.test(uri.getRawAuthority())
                    ? unverified : verified;
            HttpResponse<InputStream> response;
            try {
                response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw transferError(uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(Kind.LOCAL, "interrupted", false, e);
            }
            int status = response.statusCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return response;
            }
            Optional<String> location = response.headers().firstValue("Location");
            close(response);
            if (location.isEmpty()) {
                throw new RegistryException(Kind.INVALID, uri.getRawAuthority() + " redirected (" + status + ") without a Location");
            }
            if (hop >= MAX_REDIRECTS) {
                throw new RegistryException(Kind.INVALID, "more than " + MAX_REDIRECTS + " redirects from " + first.getRawPath());
            }
            try {
                uri = uri.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new RegistryException(Kind.INVALID, "redirect to a bad URL \"" + location.get() + "\"", false, e);
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new RegistryException(Kind.INVALID, "redirect to a non-HTTP URL " + uri.getScheme() + ":");
            }
        }
    }

    private static RegistryException transferError(URI uri, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof SSLException && (m.contains("plaintext connection") || m.contains("nrecognized SSL message"))) {
                return new RegistryException(Kind.PLAIN_HTTP, "server gave HTTP response to HTTPS client", true, e);
            }
        }
        boolean connect = e instanceof ConnectException || e instanceof SSLException || e.getCause() instanceof SSLException;
        String what = e instanceof HttpTimeoutException ? "timed out" : describe(e);
        return new RegistryException(Kind.UNAVAILABLE, (connect ? "cannot connect to " + uri.getRawAuthority() + ": " : "") + what,
                connect, e);
    }

    /** An exception's message, or its class when it has none (java.net.http's ConnectException has none). */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isEmpty()) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().isEmpty())) {
            return "connection refused";
        }
        if (t instanceof InterruptedIOException && t.getMessage() == null) {
            return "timed out";
        }
        return t.getMessage() == null || t.getMessage().isEmpty() ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The registry's error message from a response body ({@code {"errors":[{"code":..,"message":..}]}}), if any. */
    static String errorDetail(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
            JsonNode errors = new ObjectMapper().readTree(bytes).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                String code = first.path("code").asText("");
                String message = first.path("message").asText("");
                return ": " + (code.isEmpty() ? message : message.isEmpty() ? code : code + " " + message);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: no detail
        }
        return "";
    }

    static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // the connection is dropped; nothing to tell
        }
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode n = json == null ? null : json.get(field);
        return n != null && n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        verified.close();
        unverified.close();
    }
}
