package crate.app;

import crate.api.CrateException;
import crate.api.image.LocalImage;
import crate.api.image.PullProgress;
import crate.api.image.PullRequest;
import crate.api.spi.Puller;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * One pull with its output, as {@code docker pull} shows it: the blobs' progress (redrawn on
 * a terminal, a line per change otherwise), then {@code Digest:} and {@code Status:}; with
 * {@code quiet}, nothing.
 *
 * @param out where the progress goes (stdout for crate pull, stderr for crate run)
 * @param terminal whether {@code out} is a terminal
 */
record ImagePull(Puller puller, PrintWriter out, boolean quiet, boolean terminal) {

    LocalImage pull(PullRequest request) throws CrateException {
        Optional<LocalImage> before = quiet ? Optional.empty() : present(request.reference());
        TerminalProgress redrawn = terminal && !quiet ? new TerminalProgress(out, System::nanoTime) : null;
        PullProgress progress = quiet ? PullProgress.NONE : redrawn != null ? redrawn : new PlainProgress(out);
        LocalImage image;
        try {
            image = puller.pull(request, progress);
        } finally {
            if (redrawn != null) {
                redrawn.finish();
            }
        }
        if (!quiet) {
            out.println("Digest: " + image.manifestDigest());
            boolean same = before.isPresent() && before.get().id().equals(image.id())
                    && before.get().manifestDigest().equals(image.manifestDigest());
            out.println("Status: " + (same ? "Image is up to date for " : "Downloaded newer image for ")
                    + ImageNames.withDefaultTag(request.reference()));
            out.flush();
        }
        return image;
    }

    /** What the store had under that name before, to tell "up to date" from "newer"; a name it cannot parse: nothing. */
    private Optional<LocalImage> present(String reference) {
        try {
            return puller.find(reference);
        } catch (CrateException e) {
            return Optional.empty();
        }
    }

    /** The image's full name, as the last line of {@code crate pull}: the first of its names, else its ID. */
    static String fullName(LocalImage image, String reference) {
        return image.names().stream().filter(n -> n.endsWith(ImageNames.withDefaultTag(reference)))
                .findFirst().orElse(image.names().isEmpty() ? image.id() : image.names().getFirst());
    }
}
