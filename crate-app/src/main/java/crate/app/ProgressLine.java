package crate.app;

import crate.api.image.PullProgress.Phase;

/** One blob's line of {@code crate pull}'s output, as {@code docker pull} writes it. */
final class ProgressLine {
    /** The bar's width in '=' (each 2 %), without the head. */
    static final int BAR = 50;

    private ProgressLine() {}

    /** The 12 hex digits Docker names a layer by. */
    static String shortDigest(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** "Downloading", "Pull complete", "Retrying (2)". */
    static String status(Phase phase, long done) {
        return switch (phase) {
            case WAITING -> "Waiting";
            case DOWNLOADING -> "Downloading";
            case RETRYING -> "Retrying (" + done + ")";
            case EXTRACTING -> "Extracting";
            case DONE -> "Pull complete";
            case EXISTS -> "Already exists";
        };
    }

    /** With a bar where bytes are counted: "abcdef012345: Downloading [=====>      ]  12.34MB/45.6MB". */
    static String render(String digest, Phase phase, long done, long total) {
        String line = shortDigest(digest) + ": " + status(phase, done);
        boolean counted = phase == Phase.DOWNLOADING || phase == Phase.EXTRACTING;
        return counted && total > 0 ? line + " " + bar(done, total) : line;
    }

    /** Docker's bar: an '=' per 2 %, the '>' head, spaces to 50, then current/total (4 significant digits). */
    static String bar(long done, long total) {
        long current = Math.min(Math.max(0, done), total);
        int filled = (int) (current * 100 / total) / 2;
        return "[" + "=".repeat(filled) + ">" + " ".repeat(BAR - filled) + "] "
                + "%8s".formatted(HumanSize.of(current, 4)) + "/" + HumanSize.of(total, 4);
    }
}
