package crate.app;

import crate.api.image.PullProgress;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code crate pull} when its output is not a terminal (a log, a pipe): a line each time a
 * blob changes phase, no bars, as {@code docker pull} writes to a file.
 */
final class PlainProgress implements PullProgress {
    private final PrintWriter out;
    private final Map<String, String> shown = new HashMap<>();

    PlainProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void blob(String digest, Phase phase, long done, long total) {
        String status = ProgressLine.status(phase, done);
        if (!status.equals(shown.put(digest, status))) {
            out.println(ProgressLine.shortDigest(digest) + ": " + status);
            out.flush();
        }
    }

    @Override
    public synchronized void message(String line) {
        out.println(line);
        out.flush();
    }
}
