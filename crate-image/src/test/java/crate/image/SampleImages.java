package crate.image;

import crate.image.testing.TarBuilder;
import crate.image.testing.TestImage;

/**
 * Two images that share their two bottom layers (gzip and zstd) and differ in the top one
 * (plain tar with a whiteout; Docker's gzip media type). Built the same, byte for byte, in
 * every JVM, so that a second process can serve the same blobs.
 */
final class SampleImages {
    static final byte[] BASE = new TarBuilder().dir("etc", 0755).file("etc/os-release", "ID=test\n", 0644)
            .dir("dev", 0755).charDevice("dev/null", 1, 3, 0666).build();
    static final byte[] LIB = new TarBuilder().dir("lib", 0755).file("lib/libc.so", "x".repeat(300_000), 0755).build();
    static final byte[] APP_A = new TarBuilder().dir("app", 0755).file("app/a", "A", 0755).whiteout("etc/os-release").build();
    static final byte[] APP_B = new TarBuilder().dir("app", 0755).file("app/b", "B", 0755).build();

    private SampleImages() {}

    static TestImage a() {
        return new TestImage().layer(BASE, TestImage.Compression.GZIP).layer(LIB, TestImage.Compression.ZSTD)
                .layer(APP_A, TestImage.Compression.NONE).cmd("/app/a").env("PATH=/bin").created("2024-01-02T03:04:05Z");
    }

    static TestImage b() {
        return new TestImage().layer(BASE, TestImage.Compression.GZIP).layer(LIB, TestImage.Compression.ZSTD)
                .layer(APP_B, TestImage.Compression.DOCKER_GZIP).cmd("/app/b").created("2024-02-02T03:04:05Z");
    }
}
