package crate.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A registry that misbehaves on purpose, on 127.0.0.1 (com.sun.net.httpserver): each path has a
 * handler that is told how many times the path was asked, and every request is recorded.
 */
final class FaultServer implements AutoCloseable {

    static {
        // The client tries unverified HTTPS before HTTP on an insecure registry. Real servers
        // answer a TLS hello on a plain port with 400 at once; this one would wait for a request
        // line forever, so requests that take more than a second to arrive are cut off (read once,
        // when the first server of the JVM starts).
        System.setProperty("sun.net.httpserver.maxReqTime", "1");
        System.setProperty("sun.net.httpserver.timerMillis", "100");
    }

    /** A recorded request. */
    record Seen(String method, String path, String query, Map<String, List<String>> headers) {
        Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return Optional.of(e.getValue().getFirst());
                }
            }
            return Optional.empty();
        }
    }

    /** Answers one request; {@code nth} is 1 for the path's first request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange, int nth) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Seen> seen = new ArrayList<>();

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private FaultServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::dispatch);
        server.setExecutor(executor); // a handler that stalls must not block the next request
        server.start();
    }

    static FaultServer start() throws IOException {
        return new FaultServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static FaultServer startTls(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FaultServer(s);
    }

    /** {@code 127.0.0.1:PORT}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    FaultServer route(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    /** The requests to {@code path}, in order. */
    List<Seen> requests(String path) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.path().equals(path)).toList();
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        synchronized (seen) {
            seen.add(new Seen(ex.getRequestMethod(), path, String.valueOf(ex.getRequestURI().getRawQuery()), Map.copyOf(ex.getRequestHeaders())));
        }
        Handler h = routes.get(path);
        try (ex) {
            if (h == null) {
                send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"no route\"}]}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            h.handle(ex, counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet());
        }
    }

    /** A whole response with a Content-Length. */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * A response announcing {@code announced} bytes that sends only {@code body} and then drops
     * the connection (the handler's exception makes the server close it).
     */
    static void sendTruncated(HttpExchange ex, long announced, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, announced);
        OutputStream out = ex.getResponseBody();
        out.write(body);
        out.flush();
        throw new IOException("connection cut on purpose after " + body.length + " of " + announced + " bytes");
    }

    /** A response that sends {@code body} of {@code announced} bytes and then stalls until {@code release} is counted down. */
    static void sendStalled(HttpExchange ex, long announced, byte[] body, java.util.concurrent.CountDownLatch release)
            throws IOException {
        ex.sendResponseHeaders(200, announced);
        OutputStream out = ex.getResponseBody();
        out.write(body);
        out.flush();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("stalled on purpose");
    }

    /** A chunked response (no Content-Length). */
    static void sendChunked(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
