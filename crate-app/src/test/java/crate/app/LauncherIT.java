package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.app.CrateCli.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/crate finds its image however it is called: by its path, relative to the working
 * directory, through a chain of symbolic links (as /usr/local/bin/crate), and as
 * {@code sh crate}. It finds it without dirname or a subshell (src/build/crate.sh).
 */
class LauncherIT {
    @TempDir Path work;

    @Test
    void findsTheImageByEveryPath() throws IOException {
        Path launcher = CrateCli.IMAGE.resolve("bin/crate").toAbsolutePath();
        Path bin = launcher.getParent();
        Path absoluteLink = Files.createSymbolicLink(work.resolve("crate"), launcher);
        Path links = Files.createDirectories(work.resolve("links"));
        Files.createSymbolicLink(links.resolve("c2"), Path.of("../crate"));

        assertVersion(run(work, launcher.toString()), "by its absolute path");
        assertVersion(run(bin, "./crate"), "relative to the working directory");
        assertVersion(run(bin, "sh", "crate"), "as sh crate, with no slash in $0");
        assertVersion(run(work, absoluteLink.toString()), "through an absolute symbolic link");
        assertVersion(run(links, "./c2"), "through a relative link to a link");
    }

    private static void assertVersion(Result result, String how) {
        assertEquals(0, result.exit(), how + ": " + result.err());
        assertTrue(result.out().startsWith("crate version "), how + ": " + result.out());
    }

    private static Result run(Path dir, String... command) {
        try {
            List<String> argv = new java.util.ArrayList<>(List.of(command));
            argv.add("--version");
            return CrateCli.finish(new ProcessBuilder(argv).directory(dir.toFile()).start(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
