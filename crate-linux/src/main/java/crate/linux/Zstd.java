package crate.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * A zstd streaming decompressor: the system's {@code libzstd.so.1} (ZSTD_DStream) through JNA.
 * Feed compressed bytes with {@link #feed}, take decompressed bytes with {@link #drain} until
 * it returns 0 and {@link #needsInput} is true; at the end of the input,
 * {@link #frameComplete} tells whether the last frame was whole. One thread at a time.
 */
public final class Zstd implements AutoCloseable {

    /** The library's functions (direct mapping); size_t is 64-bit on the architectures crate runs on. */
    private static final class Lib {
        static {
            Native.register(Lib.class, NativeLibrary.getInstance("libzstd.so.1"));
        }

        static native Pointer ZSTD_createDStream();

        static native long ZSTD_initDStream(Pointer stream);

        /** {@code out} is ZSTD_outBuffer {dst, size, pos}, {@code in} ZSTD_inBuffer {src, size, pos}. */
        static native long ZSTD_decompressStream(Pointer stream, Pointer out, Pointer in);

        static native long ZSTD_freeDStream(Pointer stream);

        static native int ZSTD_isError(long code);

        static native String ZSTD_getErrorName(long code);
    }

    private static final int BUFFER = 128 * 1024;

    private final Pointer stream;
    private final Memory input = new Memory(BUFFER);
    private final Memory output = new Memory(BUFFER);
    private final Memory inBuffer = new Memory(24);
    private final Memory outBuffer = new Memory(24);
    /** The last ZSTD_decompressStream result: 0 when a frame has just ended. */
    private long lastHint = 1;
    private boolean started;

    public Zstd() throws ErrnoException {
        Pointer created = Lib.ZSTD_createDStream();
        if (created == null) {
            throw new ErrnoException("ZSTD_createDStream", Errno.EIO);
        }
        stream = created;
        long code = Lib.ZSTD_initDStream(stream);
        if (Lib.ZSTD_isError(code) != 0) {
            Lib.ZSTD_freeDStream(stream);
            throw new IllegalStateException("ZSTD_initDStream: " + Lib.ZSTD_getErrorName(code));
        }
        inBuffer.setPointer(0, input);
        inBuffer.setLong(8, 0);
        inBuffer.setLong(16, 0);
        outBuffer.setPointer(0, output);
    }

    /** How many compressed bytes one {@link #feed} takes at most. */
    public static int inputCapacity() {
        return BUFFER;
    }

    /** True when every byte fed so far has been consumed. */
    public boolean needsInput() {
        return inBuffer.getLong(16) >= inBuffer.getLong(8);
    }

    /** Gives the decoder {@code length} more compressed bytes; only when {@link #needsInput}. */
    public void feed(byte[] src, int length) {
        if (!needsInput() || length > BUFFER) {
            throw new IllegalStateException("feed while input remains, or more than " + BUFFER + " bytes");
        }
        input.write(0, src, 0, length);
        inBuffer.setLong(8, length);
        inBuffer.setLong(16, 0);
    }

    /**
     * Decompresses what it can into {@code dst}.
     *
     * @return the bytes written to {@code dst}; 0 when the decoder needs more input
     * @throws java.io.IOException naming zstd's error for corrupt input
     */
    public int drain(byte[] dst) throws java.io.IOException {
        int room = Math.min(dst.length, BUFFER);
        outBuffer.setLong(8, room);
        outBuffer.setLong(16, 0);
        if (needsInput() && started && lastHint == 0) {
            return 0; // between frames and nothing to read: nothing to flush
        }
        long code = Lib.ZSTD_decompressStream(stream, outBuffer, inBuffer);
        if (Lib.ZSTD_isError(code) != 0) {
            throw new java.io.IOException("zstd: " + Lib.ZSTD_getErrorName(code));
        }
        started = true;
        lastHint = code;
        int produced = (int) outBuffer.getLong(16);
        output.read(0, dst, 0, produced);
        return produced;
    }

    /** True when the input so far ends exactly at the end of a frame (a truncated stream does not). */
    public boolean frameComplete() {
        return started && lastHint == 0;
    }

    @Override
    public void close() {
        Lib.ZSTD_freeDStream(stream);
        input.close();
        output.close();
        inBuffer.close();
        outBuffer.close();
    }
}
