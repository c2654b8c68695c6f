package crate.image.registry;

import crate.image.registry.RegistryException.Kind;
import crate.image.store.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One blob streamed into a file, hashed as its bytes arrive. A transfer that breaks off is
 * resumed with {@code Range: bytes=N-} where N is what the file holds, the hash state carrying
 * on; a server that answers a range with the whole blob (200) starts it over. More bytes than the
 * descriptor's size end it at once; at the end the size and the digest must match.
 */
final class BlobDownload {
    /** Progress is reported at most every this many bytes (and at the end). */
    static final long PROGRESS_STEP = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final RegistryHttp http;
    private final RetryPolicy retry;
    private final Descriptor blob;
    private final String repository;
    private final BlobSource.Listener listener;
    private final MessageDigest digest = Digests.sha256();
    private final String id;
    private long done;
    private long reported = -1;

    BlobDownload(RegistryHttp http, RetryPolicy retry, String repository, Descriptor blob, BlobSource.Listener listener) {
        this.http = http;
        this.retry = retry;
        this.repository = repository;
        this.blob = blob;
        this.listener = listener;
        this.id = "blob " + blob.digest();
    }

    /** Fetch the blob from {@code ep} into {@code target} (truncated first), with retries. */
    void run(Endpoint ep, Path target) throws RegistryException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            restart(out);
            for (int attempt = 1;; attempt++) {
                try {
                    transfer(ep, out);
                    out.force(true);
                    return;
                } catch (RegistryException e) {
                    if (!e.retryable() || attempt >= retry.attempts()) {
                        throw e;
                    }
                    listener.retrying(attempt + 1, e.getMessage());
                    try {
                        retry.pause(attempt + 1);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new RegistryException(Kind.LOCAL, id + ": interrupted", false, ie);
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException(Kind.LOCAL, id + ": writing " + target + ": " + RegistryHttp.describe(e), false, e);
        }
    }

    private void transfer(Endpoint ep, FileChannel out) throws RegistryException, IOException {
        Map<String, String> headers = done > 0 ? Map.of("Range", "bytes=" + done + "-") : Map.of();
        HttpResponse<InputStream> response = http.get(ep, repository, "/v2/" + repository + "/blobs/" + blob.digest(),
                headers, Optional.empty());
        int status = response.statusCode();
        if (status == 206 && done > 0) {
            OptionalLong start = rangeStart(response);
            if (start.isEmpty() || start.getAsLong() != done) {
                RegistryHttp.close(response);
                restart(out);
                throw new RegistryException(Kind.UNAVAILABLE, ep.describe() + ": " + id + ": answered a range request with the wrong range");
            }
        } else if (status == 200) {
            if (done > 0) {
                restart(out); // the whole blob again: start over, hash included
            }
        } else if (status == 416) {
            RegistryHttp.close(response);
            restart(out);
            throw new RegistryException(Kind.UNAVAILABLE, ep.describe() + ": " + id + ": range not satisfiable (416); starting over");
        } else {
            String detail = RegistryHttp.errorDetail(response);
            throw new RegistryException(kindOf(status), ep.describe() + ": " + id + " of " + repository + ": "
                    + (status == 404 ? "not found" : "answered " + status) + detail);
        }
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && done + length.getAsLong() > blob.size()) {
            RegistryHttp.close(response);
            throw new RegistryException(Kind.INVALID, id + ": the server sends " + (done + length.getAsLong())
                    + " bytes, the manifest says " + blob.size());
        }
        try (InputStream in = response.body(); StallWatch watch = new StallWatch(in, retry.stall())) {
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    if (watch.stalled()) {
                        throw stalled(ep);
                    }
                    throw new RegistryException(Kind.UNAVAILABLE, ep.describe() + ": " + id + ": transfer broke off after "
                            + done + " of " + blob.size() + " bytes (" + RegistryHttp.describe(e) + ")", false, e);
                }
                if (watch.stalled()) {
                    throw stalled(ep);
                }
                if (n < 0) {
                    break;
                }
                watch.tick();
                if (done + n > blob.size()) {
                    throw new RegistryException(Kind.INVALID, id + ": the server sent more than the " + blob.size()
                            + " bytes the manifest says");
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                digest.update(buf, 0, n);
                done += n;
                if (done - Math.max(reported, 0) >= PROGRESS_STEP) {
                    report();
                }
            }
        }
        report();
        if (done < blob.size()) {
            throw new RegistryException(Kind.UNAVAILABLE, ep.describe() + ": " + id + ": transfer ended after " + done + " of "
                    + blob.size() + " bytes");
        }
        String got = Digests.format(digest);
        if (!got.equals(blob.digest())) {
            throw new RegistryException(Kind.INVALID, id + ": digest mismatch (got " + got + ")");
        }
    }

    private RegistryException stalled(Endpoint ep) {
        return new RegistryException(Kind.UNAVAILABLE, ep.describe() + ": " + id + ": no data for "
                + retry.stall().toMillis() / 1000.0 + " s after " + done + " of " + blob.size() + " bytes");
    }

    private void restart(FileChannel out) throws IOException {
        out.truncate(0);
        out.position(0);
        digest.reset();
        done = 0;
        report();
    }

    private void report() {
        if (done != reported) {
            reported = done;
            listener.progress(done);
        }
    }

    private static OptionalLong rangeStart(HttpResponse<InputStream> response) {
        Optional<String> range = response.headers().firstValue("Content-Range");
        if (range.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(range.get().trim());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** 5xx, 408, 429 and 416 (a range the server cannot serve, then from 0) are worth another try. */
    static Kind kindOf(int status) {
        if (status >= 500 || status == 408 || status == 429) {
            return Kind.UNAVAILABLE;
        }
        if (status == 404) {
            return Kind.NOT_FOUND;
        }
        if (status == 401 || status == 403) {
            return Kind.AUTH;
        }
        return Kind.INVALID;
    }
}
