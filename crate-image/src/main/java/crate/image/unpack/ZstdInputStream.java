package crate.image.unpack;

import crate.api.CrateException;
import crate.linux.Zstd;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompresses a zstd stream (one or more frames) with the system's libzstd; a stream that
 * ends inside a frame is an error, not a short read.
 */
final class ZstdInputStream extends InputStream {
    private final InputStream in;
    private final Zstd zstd;
    private final byte[] compressed = new byte[Zstd.inputCapacity()];
    private final byte[] decompressed = new byte[128 * 1024];
    private int pos;
    private int limit;
    private boolean eof;

    ZstdInputStream(InputStream in) throws IOException {
        this.in = in;
        try {
            this.zstd = new Zstd();
        } catch (CrateException e) {
            throw new IOException(e.getMessage(), e);
        } catch (LinkageError e) {
            // UnsatisfiedLinkError at first use, NoClassDefFoundError after: no libzstd.so.1 here.
            throw new IOException("zstd layers need the system's libzstd.so.1 (Debian: libzstd1): " + e.getMessage(), e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == limit) {
            if (eof) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(decompressed, pos, b, off, n);
        pos += n;
        return n;
    }

    private void fill() throws IOException {
        pos = 0;
        limit = zstd.drain(decompressed);
        if (limit > 0 || !zstd.needsInput()) {
            return;
        }
        int n = in.read(compressed, 0, compressed.length);
        if (n < 0) {
            if (!zstd.frameComplete()) {
                throw new IOException("zstd: the stream ends inside a frame (truncated)");
            }
            eof = true;
            return;
        }
        zstd.feed(compressed, n);
    }

    @Override
    public void close() throws IOException {
        zstd.close();
        in.close();
    }
}
