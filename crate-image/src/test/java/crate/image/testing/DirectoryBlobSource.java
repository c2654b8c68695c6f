package crate.image.testing;

import crate.api.CrateException;
import crate.image.registry.BlobSource;
import crate.image.registry.Descriptor;
import crate.image.registry.ResolvedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry made of files: blobs under a directory by digest, images by the exact reference
 * given to {@link #add}. It verifies like the registry client unless told to lie, and can be
 * made to fail in the middle of a blob, as a dropped connection would.
 */
public final class DirectoryBlobSource implements BlobSource {
    private final Path dir;
    private final Map<String, ResolvedImage> images = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private final Map<String, Long> failAfter = new ConcurrentHashMap<>();
    private volatile boolean verify = true;

    public DirectoryBlobSource(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** Serves {@code image} as {@code reference}, which is also its canonical name ("example.com/app:1"). */
    public ResolvedImage add(String reference, TestImage image) throws IOException {
        for (TestImage.Layer layer : image.layers()) {
            Files.write(blobFile(layer.descriptor().digest()), layer.blob());
        }
        Files.write(blobFile(image.configDescriptor().digest()), image.configBytes());
        byte[] manifest = image.manifestBytes();
        String repository = reference.contains("@") ? reference.substring(0, reference.indexOf('@'))
                : reference.substring(0, reference.lastIndexOf(':'));
        ResolvedImage resolved = new ResolvedImage(reference, repository, Blobs.sha256(manifest), manifest,
                image.configDescriptor(), image.layers().stream().map(TestImage.Layer::descriptor).toList());
        images.put(reference, resolved);
        return resolved;
    }

    /** Hands out blobs without checking their digests (the store must catch it). */
    public DirectoryBlobSource lying() {
        verify = false;
        return this;
    }

    /** The next fetch of {@code digest} writes {@code bytes} bytes and then fails. */
    public DirectoryBlobSource failMidway(String digest, long bytes) {
        failAfter.put(digest, bytes);
        return this;
    }

    /** How many times {@code digest} was fetched. */
    public int fetchCount(String digest) {
        AtomicInteger n = fetches.get(digest);
        return n == null ? 0 : n.get();
    }

    @Override
    public ResolvedImage resolve(String reference, Optional<String> platform) throws CrateException {
        ResolvedImage image = images.get(reference);
        if (image == null) {
            throw new CrateException(reference + ": manifest unknown");
        }
        return image;
    }

    @Override
    public byte[] fetchSmall(ResolvedImage image, Descriptor blob) throws CrateException {
        try {
            byte[] data = Files.readAllBytes(blobFile(blob.digest()));
            if (verify && (!Blobs.sha256(data).equals(blob.digest()) || data.length != blob.size())) {
                throw new CrateException("blob " + blob.digest() + ": digest mismatch");
            }
            return data;
        } catch (IOException e) {
            throw new CrateException("blob " + blob.digest() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void fetch(ResolvedImage image, Descriptor blob, Path target, Listener listener) throws CrateException {
        fetches.computeIfAbsent(blob.digest(), d -> new AtomicInteger()).incrementAndGet();
        Long limit = failAfter.remove(blob.digest());
        try (InputStream in = Files.newInputStream(blobFile(blob.digest()));
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[8192];
            long done = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                if (limit != null && done + n > limit) {
                    out.write(buf, 0, (int) (limit - done));
                    throw new CrateException("blob " + blob.digest() + ": connection reset after " + limit + " bytes");
                }
                out.write(buf, 0, n);
                done += n;
                listener.progress(done);
            }
        } catch (IOException e) {
            throw new CrateException("blob " + blob.digest() + ": " + e.getMessage(), e);
        }
        if (verify) {
            try {
                byte[] data = Files.readAllBytes(target);
                if (!Blobs.sha256(data).equals(blob.digest()) || data.length != blob.size()) {
                    throw new CrateException("blob " + blob.digest() + ": digest mismatch");
                }
            } catch (IOException e) {
                throw new CrateException(e.getMessage(), e);
            }
        }
    }

    private Path blobFile(String digest) {
        return dir.resolve(digest.replace(':', '-'));
    }
}
