package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** init's command line: its AOT cache, silently, and the training's recording in its place. */
class ImageTest {
    private static final Path NO_PLUGINS = Path.of("/nonexistent");

    @AfterEach
    void clearTraining() {
        System.clearProperty(Image.INIT_AOT_RECORD);
    }

    @Test
    void initUsesTheImagesCacheAndSaysNothingAboutIt() {
        List<String> argv = Image.initCommand(NO_PLUGINS).argv();
        assertTrue(argv.contains("-XX:AOTCache=" + Image.home().resolve("lib/init.aot")), argv::toString);
        // A missing or unusable cache would be reported on stdout, the container's.
        assertTrue(argv.contains("-Xlog:aot*=off,cds*=off"), argv::toString);
        assertFalse(argv.stream().anyMatch(a -> a.startsWith("-XX:AOTMode")), argv::toString);
        assertEquals("crate.app/crate.app.InitMain", argv.getLast());
    }

    @Test
    void trainingRecordsInsteadOfUsingTheCache() {
        System.setProperty(Image.INIT_AOT_RECORD, "/tmp/init.aotconfig");
        List<String> argv = Image.initCommand(NO_PLUGINS).argv();
        assertTrue(argv.contains("-XX:AOTMode=record"), argv::toString);
        assertTrue(argv.contains("-XX:AOTConfiguration=/tmp/init.aotconfig"), argv::toString);
        assertFalse(argv.stream().anyMatch(a -> a.startsWith("-XX:AOTCache=")), argv::toString);
    }

    @Test
    void initsCacheIsAssembledWithInitsOwnOptions() {
        List<String> init = Image.initCommand(NO_PLUGINS).argv();
        List<String> assembly = AotTraining.assemblyCommand(Path.of("/tmp/init.aotconfig"));
        List<String> expected = new ArrayList<>(init);
        int cache = init.indexOf("-XX:AOTCache=" + Image.home().resolve("lib/init.aot"));
        expected.addAll(cache, List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=/tmp/init.aotconfig"));
        assertEquals(expected, assembly);
    }
}
