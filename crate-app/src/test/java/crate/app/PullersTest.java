package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.api.spi.Puller;
import crate.app.config.ConfigLoader;
import crate.app.config.CrateConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration as a puller's settings, and which puller is chosen. */
class PullersTest {
    @TempDir Path tmp;

    private CrateConfig config(String toml) throws IOException, CrateException {
        Path file = Files.writeString(tmp.resolve("config.toml"), toml);
        return ConfigLoader.load(file, Map.of(), ConfigLoader.Flags.NONE, warning -> { throw new AssertionError(warning); });
    }

    @Test
    void settingsComeFromDataRootAndImages() throws Exception {
        CrateConfig config = config("""
                [runtime]
                data_root = "/tmp/front-data"
                [images]
                registries = ["quay.io", "docker.io"]
                insecure_registries = ["127.0.0.1:5000"]
                mirrors = { "docker.io" = ["https://mirror.example:5000"] }
                credentials = "/etc/crate/auth.json"
                parallel_downloads = 8
                """);
        assertEquals(new ImageSettings(Path.of("/tmp/front-data"), List.of("quay.io", "docker.io"), List.of("127.0.0.1:5000"),
                Map.of("docker.io", List.of("https://mirror.example:5000")), Optional.of(Path.of("/etc/crate/auth.json")), 8),
                Pullers.settings(config));
        assertEquals(Path.of("/tmp/front-data/containers/c1"), Pullers.settings(config).containerDir("c1"));
    }

    @Test
    void defaultsAreTheApisDefaults() throws Exception {
        assertEquals(ImageSettings.defaults(), Pullers.settings(config("")));
    }

    private static Puller named(String name) {
        Puller puller = mock(Puller.class);
        when(puller.name()).thenReturn(name);
        return puller;
    }

    @Test
    void theFirstPullerUnlessOneIsNamed() throws Exception {
        Puller registry = named("registry");
        Puller other = named("other");
        assertSame(registry, Pullers.choose(List.of(registry, other), "", config("")));
        assertSame(other, Pullers.choose(List.of(registry, other), "other", config("[images]\npuller = \"other\"\n")));
        CrateException missing = assertThrows(CrateException.class,
                () -> Pullers.choose(List.of(registry, other), "nope", config("")));
        assertEquals("images.puller \"nope\": no such image puller (installed: registry, other)", missing.getMessage());
    }

    @Test
    void noPullerIsAClearError() throws Exception {
        CrateConfig config = config("[runtime]\nplugin_dir = \"/tmp/front-none\"\n");
        CrateException e = assertThrows(CrateException.class, () -> Pullers.choose(List.of(), "", config));
        assertEquals("no image puller: crate has none built in and the plugin directory /tmp/front-none provides none "
                + "(crate plugins lists them)", e.getMessage());
    }
}
