package crate.app.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.spi.Isolator;
import crate.api.spi.NetworkDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog loads each kind at its first use, and tells of a broken plugin once, when it is found. */
class PluginCatalogTest {
    @TempDir Path dir;

    @Test
    void aPluginRefusedAsAWholeIsToldOnceWithTheFirstKindLoaded() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "this is not a zip file\n");
        List<PluginCatalog.Broken> told = new ArrayList<>();
        PluginCatalog catalog = PluginCatalog.lazy(dir, told::add);
        assertEquals(List.of(), told, "nothing is loaded before a kind is asked for");
        assertEquals(List.of(), catalog.broken());

        catalog.all(PluginKind.ISOLATOR, Isolator.class);
        List<PluginCatalog.Broken> refused = List.of(new PluginCatalog.Broken(garbage.toString(),
                "garbage.jar is not a readable jar: zip END header not found"));
        assertEquals(refused, told);
        catalog.all(PluginKind.NETWORK, NetworkDriver.class);
        catalog.all(PluginKind.ISOLATOR, Isolator.class);
        assertEquals(refused, told, "told once");
        assertEquals(refused, catalog.broken());
    }

    @Test
    void aMissingOrUnreadableDirectoryHoldsNoPlugins() {
        List<PluginCatalog.Broken> told = new ArrayList<>();
        PluginCatalog.lazy(dir.resolve("missing"), told::add).all(PluginKind.ISOLATOR, Isolator.class);
        PluginCatalog.lazy(null, told::add).all(PluginKind.ISOLATOR, Isolator.class);
        assertEquals(List.of(), told);
    }

    @Test
    void loadingEveryKindListsWhatTheKindsFoundAndTheSkipped() throws IOException {
        Files.writeString(dir.resolve("a.jar"), "not a jar");
        PluginCatalog catalog = PluginCatalog.load(dir, java.util.EnumSet.allOf(PluginKind.class));
        assertEquals(1, catalog.broken().size(), catalog.broken().toString());
        for (PluginCatalog.Provided p : catalog.provided()) {
            assertEquals(PluginCatalog.BUILT_IN, p.origin()); // crate's own on the test's module path, if any
        }
    }
}
