package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.image.PullProgress.Phase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The printers of crate pull's progress: redrawn lines on a terminal, plain lines otherwise. */
class PullProgressTest {
    private static final String A = "sha256:aaaaaaaaaaaa1111";
    private static final String B = "sha256:bbbbbbbbbbbb2222";
    private static final String ERASE = "\033[2K";

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);
    private long now = 1_000_000_000L;

    private void advance(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void barIsDockers() {
        assertEquals("[>" + " ".repeat(50) + "]       0B/45.6MB", ProgressLine.bar(0, 45_600_000));
        assertEquals("[" + "=".repeat(13) + ">" + " ".repeat(37) + "]  12.34MB/45.6MB", ProgressLine.bar(12_340_000, 45_600_000));
        assertEquals("[" + "=".repeat(50) + ">]      1kB/1kB", ProgressLine.bar(1000, 1000));
        assertEquals("aaaaaaaaaaaa: Downloading [" + "=".repeat(25) + ">" + " ".repeat(25) + "]      50B/100B",
                ProgressLine.render(A, Phase.DOWNLOADING, 50, 100));
        assertEquals("aaaaaaaaaaaa: Retrying (2)", ProgressLine.render(A, Phase.RETRYING, 2, 100));
        assertEquals("aaaaaaaaaaaa: Already exists", ProgressLine.render(A, Phase.EXISTS, 0, 0));
    }

    @Test
    void terminalRedrawsEveryLineInPlace() {
        TerminalProgress progress = new TerminalProgress(out, () -> now);
        progress.blob(A, Phase.WAITING, 0, 100);
        progress.blob(B, Phase.EXISTS, 0, 0);
        assertEquals(ERASE + "aaaaaaaaaaaa: Waiting\n"
                + "\033[1A" + ERASE + "aaaaaaaaaaaa: Waiting\n" + ERASE + "bbbbbbbbbbbb: Already exists\n", text.toString());
        text.getBuffer().setLength(0);
        advance(200);
        progress.blob(A, Phase.DONE, 100, 100);
        assertEquals("\033[2A" + ERASE + "aaaaaaaaaaaa: Pull complete\n" + ERASE + "bbbbbbbbbbbb: Already exists\n",
                text.toString());
    }

    /** Byte counts redraw at most every 100 ms; a new phase at once; finish shows the last state. */
    @Test
    void terminalRedrawsAtMostTenTimesASecond() {
        TerminalProgress progress = new TerminalProgress(out, () -> now);
        progress.blob(A, Phase.DOWNLOADING, 0, 100);
        int redraws = 0;
        for (int i = 1; i <= 100; i++) {
            advance(5); // 500 ms in all
            int before = text.getBuffer().length();
            progress.blob(A, Phase.DOWNLOADING, i, 100);
            redraws += text.getBuffer().length() > before ? 1 : 0;
        }
        assertEquals(5, redraws);
        text.getBuffer().setLength(0);
        progress.blob(A, Phase.DOWNLOADING, 100, 100); // same phase, too soon: not drawn
        assertEquals("", text.toString());
        progress.finish();
        assertEquals("\033[1A" + ERASE + ProgressLine.render(A, Phase.DOWNLOADING, 100, 100) + "\n", text.toString());
        text.getBuffer().setLength(0);
        progress.blob(A, Phase.EXTRACTING, 0, 100); // a new phase: at once
        assertEquals("\033[1A" + ERASE + ProgressLine.render(A, Phase.EXTRACTING, 0, 100) + "\n", text.toString());
    }

    @Test
    void terminalPrintsMessagesAboveTheBlobs() {
        TerminalProgress progress = new TerminalProgress(out, () -> now);
        progress.blob(A, Phase.WAITING, 0, 100);
        text.getBuffer().setLength(0);
        progress.message("latest: Pulling from library/busybox");
        assertEquals("\033[1A" + ERASE + "latest: Pulling from library/busybox\n" + ERASE + "aaaaaaaaaaaa: Waiting\n",
                text.toString());
    }

    @Test
    void plainPrintsALinePerPhaseChangeWithoutBars() {
        PlainProgress progress = new PlainProgress(out);
        progress.message("Resolved 127.0.0.1:5000/busybox:latest");
        progress.blob(A, Phase.WAITING, 0, 100);
        progress.blob(A, Phase.DOWNLOADING, 10, 100);
        progress.blob(A, Phase.DOWNLOADING, 50, 100);
        progress.blob(B, Phase.EXISTS, 0, 0);
        progress.blob(A, Phase.RETRYING, 1, 100);
        progress.blob(A, Phase.RETRYING, 2, 100);
        progress.blob(A, Phase.DOWNLOADING, 60, 100);
        progress.blob(A, Phase.EXTRACTING, 60, 100);
        progress.blob(A, Phase.DONE, 100, 100);
        assertEquals(String.join(System.lineSeparator(), "Resolved 127.0.0.1:5000/busybox:latest", "aaaaaaaaaaaa: Waiting",
                "aaaaaaaaaaaa: Downloading", "bbbbbbbbbbbb: Already exists", "aaaaaaaaaaaa: Retrying (1)",
                "aaaaaaaaaaaa: Retrying (2)", "aaaaaaaaaaaa: Downloading", "aaaaaaaaaaaa: Extracting",
                "aaaaaaaaaaaa: Pull complete", ""), text.toString());
    }
}
