package crate.api.image;

import java.util.List;

/**
 * What {@code crate image prune} removed.
 *
 * @param deleted one line each, as Docker prints them ("deleted: sha256:...", "untagged: ...")
 * @param reclaimedBytes bytes freed on disk
 */
public record PruneReport(List<String> deleted, long reclaimedBytes) {
    public PruneReport {
        deleted = List.copyOf(deleted);
    }
}
