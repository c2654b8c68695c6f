package crate.app;

import crate.api.image.PullProgress;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code crate pull} on a terminal: one line per blob, redrawn in place (ANSI: cursor up,
 * erase line) as {@code docker pull} does; byte counts at most ten times a second, a change
 * of phase at once. Downloads report from several threads: every call is synchronised.
 */
final class TerminalProgress implements PullProgress {
    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String UP = "\033[%dA";
    private static final String ERASE_LINE = "\033[2K";

    private record Blob(Phase phase, long done, long total) {}

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private final Map<String, Blob> blobs = new LinkedHashMap<>();
    private int drawn;
    private long lastDraw;
    private boolean pending;

    /** @param nanoTime the clock that paces the redraws (System::nanoTime; a fake one in tests) */
    TerminalProgress(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.lastDraw = nanoTime.getAsLong() - INTERVAL;
    }

    @Override
    public synchronized void blob(String digest, Phase phase, long done, long total) {
        Blob before = blobs.put(digest, new Blob(phase, done, total));
        long now = nanoTime.getAsLong();
        if (before == null || before.phase() != phase || now - lastDraw >= INTERVAL) {
            draw(now);
        } else {
            pending = true;
        }
    }

    /** Printed above the blobs' lines, which are drawn again below it. */
    @Override
    public synchronized void message(String line) {
        if (drawn > 0) {
            out.print(UP.formatted(drawn));
        }
        out.print(ERASE_LINE + line + "\n");
        drawn = 0;
        draw(nanoTime.getAsLong());
    }

    /** The last state of every line, if a redraw was skipped. */
    synchronized void finish() {
        if (pending) {
            draw(nanoTime.getAsLong());
        }
    }

    private void draw(long now) {
        if (drawn > 0) {
            out.print(UP.formatted(drawn));
        }
        for (Map.Entry<String, Blob> entry : blobs.entrySet()) {
            Blob blob = entry.getValue();
            out.print(ERASE_LINE + ProgressLine.render(entry.getKey(), blob.phase(), blob.done(), blob.total()) + "\n");
        }
        out.flush();
        drawn = blobs.size();
        lastDraw = now;
        pending = false;
    }
}
