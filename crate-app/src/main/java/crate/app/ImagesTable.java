package crate.app;

import crate.api.image.LocalImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code crate images}, as {@code docker images}: one per name (REPOSITORY, TAG),
 * {@code <none> <none>} for a dangling image; IMAGE ID short unless {@code noTrunc}; CREATED
 * as "3 days ago"; SIZE in decimal units.
 */
final class ImagesTable {
    private ImagesTable() {}

    static List<String[]> rows(List<LocalImage> images, boolean digests, boolean noTrunc, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(digests ? new String[] {"REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"}
                : new String[] {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"});
        for (LocalImage image : images) {
            List<ImageNames.RepositoryTag> names = image.names().isEmpty()
                    ? List.of(new ImageNames.RepositoryTag(ImageNames.NONE, ImageNames.NONE))
                    : image.names().stream().map(ImageNames::split).toList();
            String id = noTrunc ? image.id() : image.shortId();
            String created = created(image.created(), now);
            String size = HumanSize.of(image.size(), 3);
            for (ImageNames.RepositoryTag name : names) {
                rows.add(digests ? new String[] {name.repository(), name.tag(), digestOrNone(image), id, created, size}
                        : new String[] {name.repository(), name.tag(), id, created, size});
            }
        }
        return rows;
    }

    /** "3 days ago"; "N/A" when the image says nothing (Docker's zero time). */
    static String created(Instant created, Instant now) {
        return created.equals(Instant.EPOCH) ? "N/A" : HumanDuration.ago(Duration.between(created, now));
    }

    private static String digestOrNone(LocalImage image) {
        return image.manifestDigest() == null || image.manifestDigest().isEmpty() ? ImageNames.NONE : image.manifestDigest();
    }
}
