package crate.image.registry;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends a body stream that has given no byte for a while. java.net.http has no read timeout for
 * a body, so a server that stalls without closing would hang a pull for ever; closing the
 * response stream makes the blocked read end (as end of stream), and the transfer is retried
 * with a range.
 */
final class StallWatch implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crate-registry-stall-watch");
        t.setDaemon(true);
        return t;
    });

    private final Closeable stream;
    private final long limitNanos;
    private final ScheduledFuture<?> task;
    private volatile long lastNanos = System.nanoTime();
    private volatile boolean stalled;

    StallWatch(Closeable stream, Duration limit) {
        this.stream = stream;
        this.limitNanos = limit.toNanos();
        long period = Math.max(1, limit.toMillis() / 4);
        this.task = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Bytes arrived. */
    void tick() {
        lastNanos = System.nanoTime();
    }

    /** Whether the stream was closed because it stalled. */
    boolean stalled() {
        return stalled;
    }

    private void check() {
        if (!stalled && System.nanoTime() - lastNanos > limitNanos) {
            stalled = true;
            try {
                stream.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
