package crate.image.unpack;

import crate.api.CrateException;
import crate.image.registry.Descriptor;
import crate.image.store.Digests;
import crate.linux.FilesAt;
import crate.linux.Syscalls;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * Unpacks one layer blob into a new, empty directory: detects its compression from its first
 * bytes (and refuses a blob whose bytes contradict its media type), hashes the compressed
 * bytes (they must be the descriptor's digest and size) and the uncompressed tar (it must be
 * the configuration's diff ID), and writes the members through {@link LayerWriter}. On any
 * refusal the caller removes the directory: this class never writes outside it.
 */
public final class LayerUnpacker {
    private LayerUnpacker() {}

    /**
     * Unpacks {@code blob} into {@code target} and checks both digests.
     *
     * @param blob the compressed layer, complete
     * @param descriptor the manifest's descriptor of the blob
     * @param diffId the configuration's {@code rootfs.diff_ids} entry for it
     * @param target an existing, empty directory
     * @param progress told the compressed bytes read so far
     */
    public static UnpackedLayer unpack(Path blob, Descriptor descriptor, String diffId, Path target,
            LongConsumer progress) throws CrateException {
        String name = "layer " + Digests.shortForm(descriptor.digest());
        Compression declared;
        try {
            declared = Compression.ofMediaType(descriptor.mediaType());
        } catch (IllegalArgumentException e) {
            throw new CrateException(name + ": " + e.getMessage());
        }
        MessageDigest compressedDigest = Digests.sha256();
        MessageDigest tarDigest = Digests.sha256();
        long[] compressedBytes = {0};
        int rootFd = FilesAt.open(target.toString(), Syscalls.O_PATH | Syscalls.O_DIRECTORY | Syscalls.O_NOFOLLOW, 0);
        try (InputStream file = Files.newInputStream(blob);
                InputStream counted = new CountingStream(new DigestInputStream(file, compressedDigest), n -> {
                    compressedBytes[0] = n;
                    progress.accept(n);
                });
                BufferedInputStream buffered = new BufferedInputStream(counted, 64 * 1024)) {
            buffered.mark(8);
            byte[] head = buffered.readNBytes(4);
            buffered.reset();
            Compression actual = Compression.ofMagic(head);
            if (actual != declared) {
                throw new CrateException(name + ": its media type " + descriptor.mediaType() + " says "
                        + declared.displayName() + " but the blob is " + actual.displayName());
            }
            LayerWriter writer = new LayerWriter(rootFd, name);
            // Closing the decompressor frees it (zstd's native stream) but must leave the blob open.
            InputStream unclosed = new FilterInputStream(buffered) {
                @Override
                public void close() {}
            };
            try (InputStream tar = new DigestInputStream(actual.decompress(unclosed), tarDigest)) {
                TarReader reader = new TarReader(tar);
                for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("interrupted");
                    }
                    writer.write(entry, reader.content());
                }
                writer.finish();
                tar.transferTo(OutputStream.nullOutputStream()); // the padding after the end blocks counts for the diff ID
            }
            // The whole blob must have been read for its digest: a decompressor may stop early.
            buffered.transferTo(OutputStream.nullOutputStream());
            String blobDigest = Digests.format(compressedDigest);
            if (!blobDigest.equals(descriptor.digest()) || compressedBytes[0] != descriptor.size()) {
                throw new CrateException(name + ": the blob is " + blobDigest + " (" + compressedBytes[0]
                        + " bytes), not " + descriptor.digest() + " (" + descriptor.size() + " bytes)");
            }
            String actualDiffId = Digests.format(tarDigest);
            if (!actualDiffId.equals(diffId)) {
                throw new CrateException(name + ": its uncompressed tar is " + actualDiffId
                        + " but the image configuration says " + diffId);
            }
            return new UnpackedLayer(actualDiffId, writer.contentBytes());
        } catch (InterruptedIOException e) {
            throw new CrateException(name + ": unpacking was interrupted", e);
        } catch (IOException e) {
            throw new CrateException(name + ": " + describe(e), e);
        } finally {
            Syscalls.closeQuietly(rootFd);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.io.EOFException) {
            return "the compressed stream ends early (truncated): " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Tells how many bytes passed. */
    private static final class CountingStream extends FilterInputStream {
        private final LongConsumer listener;
        private long count;

        CountingStream(InputStream in, LongConsumer listener) {
            super(in);
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                listener.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                listener.accept(count);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Read rather than skip, so that every byte is hashed.
            byte[] scratch = new byte[8192];
            int read = read(scratch, 0, (int) Math.min(n, scratch.length));
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
