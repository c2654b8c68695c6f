package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.app.CrateCli.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image's AOT caches (src/build/aot-train.sh): both JVMs use theirs, and crate works, and
 * prints nothing more, when they are missing or unusable. {@code -XX:AOTMode=on} makes a JVM
 * fail when it cannot use its cache; {@code -Xlog:class+load} tells where a class came from.
 * No timings here: bench/startup.sh measures.
 */
@ExtendWith(NoHostLeaks.class)
class AotCacheIT {
    private static final String FROM_CACHE = " source: shared objects file";

    @Test
    void theCliUsesItsCache() {
        assertTrue(Files.isRegularFile(CrateCli.IMAGE.resolve("lib/crate.aot")), "no lib/crate.aot in the image");
        ProcessBuilder crate = new ProcessBuilder(CrateCli.IMAGE.resolve("bin/crate").toString(), "--version");
        crate.environment().put("JDK_JAVA_OPTIONS", "-XX:AOTMode=on -Xlog:class+load");
        Result result = run(crate);
        assertEquals(0, result.exit(), result.out() + result.err());
        assertTrue(result.out().contains("crate.app.Main" + FROM_CACHE), "crate.app.Main is not from the cache");
        // picocli's Java 5 class files are upgraded at build time (ClassFileUpgrade.java) so that the cache can hold them.
        assertTrue(result.out().contains("picocli.CommandLine" + FROM_CACHE), "picocli is not from the cache");
    }

    @Test
    void initUsesItsCache() {
        assertTrue(Files.isRegularFile(CrateCli.IMAGE.resolve("lib/init.aot")), "no lib/init.aot in the image");
        // init's very command line; without its fds it fails at once, once its classes are loaded.
        List<String> argv = new ArrayList<>(Image.initCommand(Path.of("/nonexistent")).argv());
        argv.addAll(1, List.of("-XX:AOTMode=on", "-Xlog:class+load"));
        Result result = run(new ProcessBuilder(argv));
        assertTrue(result.out().contains("crate.app.InitMain" + FROM_CACHE), result.out() + result.err());
        assertTrue(result.out().contains("crate.runtime.InitStage" + FROM_CACHE), "InitStage is not from the cache");
    }

    /** A copy of the image made of symbolic links, whose caches are missing or a truncated copy. */
    @ParameterizedTest
    @ValueSource(strings = {"missing", "truncated"})
    void withoutAUsableCacheCrateStillRunsAndSaysNothing(String cache, @TempDir Path dir) throws IOException {
        Path image = dir.resolve("crate");
        linkImage(CrateCli.IMAGE.toAbsolutePath(), image);
        for (String name : List.of("lib/crate.aot", "lib/init.aot")) {
            Files.delete(image.resolve(name));
            if (cache.equals("truncated")) {
                byte[] head = new byte[64 * 1024];
                try (var in = Files.newInputStream(CrateCli.IMAGE.resolve(name))) {
                    Files.write(image.resolve(name), Arrays.copyOf(head, in.readNBytes(head, 0, head.length)));
                }
            }
        }
        Result result = run(new ProcessBuilder(image.resolve("bin/crate").toString(),
                "--root", dir.resolve("state").toString(), "--cgroup-manager=disabled",
                "run", "-r", busyboxRootfs().toString(), "echo", "hello"));
        assertEquals(new Result(0, "hello\n", ""), result);
    }

    /** bin/crate is copied (it finds the image from its own path); every other file is a link. */
    private static void linkImage(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.equals(from.resolve("bin/crate"))) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                } else {
                    Files.createSymbolicLink(target, file);
                }
            }
        }
    }

    private static Result run(ProcessBuilder builder) {
        try {
            return CrateCli.finish(builder.start(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
