package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.image.ImageConfig;
import crate.api.image.LocalImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** crate images as docker images shows them. */
class ImagesTableTest {
    private static final Instant NOW = Instant.parse("2025-06-10T12:00:00Z");
    private static final ImageConfig CONFIG = new ImageConfig(List.of(), List.of("sh"), List.of(), "", "", List.of(), Map.of(),
            "linux", "amd64", "");

    private static LocalImage image(String hex, List<String> names, long size, Instant created) {
        return new LocalImage("sha256:" + hex.repeat(64 / hex.length()), names, "sha256:" + "d".repeat(64), size, created, CONFIG,
                List.of(Path.of("/l")));
    }

    @Test
    void oneRowPerNameAndNoneForDangling() {
        List<LocalImage> images = List.of(
                image("a1", List.of("docker.io/library/alpine:3.20", "docker.io/library/alpine:latest"), 7_800_000,
                        NOW.minus(Duration.ofDays(3))),
                image("b2", List.of("127.0.0.1:5000/busybox-multi:latest", "docker.io/bitnami/redis@sha256:" + "e".repeat(64)),
                        142_345_678, NOW.minus(Duration.ofMinutes(5))),
                image("c3", List.of(), 999, Instant.EPOCH));
        assertEquals(List.of(
                "REPOSITORY                     TAG      IMAGE ID       CREATED         SIZE",
                "alpine                         3.20     a1a1a1a1a1a1   3 days ago      7.8MB",
                "alpine                         latest   a1a1a1a1a1a1   3 days ago      7.8MB",
                "127.0.0.1:5000/busybox-multi   latest   b2b2b2b2b2b2   5 minutes ago   142MB",
                "bitnami/redis                  <none>   b2b2b2b2b2b2   5 minutes ago   142MB",
                "<none>                         <none>   c3c3c3c3c3c3   N/A             999B"),
                Table.lines(ImagesTable.rows(images, false, false, NOW)));
    }

    @Test
    void digestsAndFullIds() {
        List<String[]> rows = ImagesTable.rows(List.of(image("a1", List.of("docker.io/library/alpine:latest"), 1000,
                NOW.minusSeconds(1))), true, true, NOW);
        assertEquals(List.of("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"), List.of(rows.get(0)));
        assertEquals(List.of("alpine", "latest", "sha256:" + "d".repeat(64), "sha256:" + "a1".repeat(32), "1 second ago", "1kB"),
                List.of(rows.get(1)));
    }

    @Test
    void sizesAreDockers() {
        assertEquals("0B", HumanSize.of(0, 3));
        assertEquals("999B", HumanSize.of(999, 3));
        assertEquals("1.23kB", HumanSize.of(1234, 3));
        assertEquals("7.8MB", HumanSize.of(7_800_000, 3));
        assertEquals("142MB", HumanSize.of(142_345_678, 3));
        assertEquals("3.408MB", HumanSize.of(3_408_123, 4));
        assertEquals("1.5GB", HumanSize.of(1_500_000_000L, 3));
    }

    @Test
    void durationsAreDockers() {
        assertEquals("Less than a second", HumanDuration.of(Duration.ofMillis(300)));
        assertEquals("45 seconds", HumanDuration.of(Duration.ofSeconds(45)));
        assertEquals("About a minute", HumanDuration.of(Duration.ofSeconds(90)));
        assertEquals("About an hour", HumanDuration.of(Duration.ofMinutes(70)));
        assertEquals("5 hours", HumanDuration.of(Duration.ofHours(5)));
        assertEquals("3 days", HumanDuration.of(Duration.ofDays(3)));
        assertEquals("2 weeks", HumanDuration.of(Duration.ofDays(15)));
        assertEquals("3 months", HumanDuration.of(Duration.ofDays(100)));
        assertEquals("2 years", HumanDuration.of(Duration.ofDays(800)));
    }

    @Test
    void namesAsDockerShowsThem() {
        assertEquals(new ImageNames.RepositoryTag("alpine", "latest"), ImageNames.split("docker.io/library/alpine:latest"));
        assertEquals(new ImageNames.RepositoryTag("localhost:5000/app", "<none>"), ImageNames.split("localhost:5000/app"));
        assertEquals("alpine:latest", ImageNames.withDefaultTag("alpine"));
        assertEquals("localhost:5000/app:latest", ImageNames.withDefaultTag("localhost:5000/app"));
        assertEquals("app@sha256:ab", ImageNames.withDefaultTag("app@sha256:ab"));
    }
}
