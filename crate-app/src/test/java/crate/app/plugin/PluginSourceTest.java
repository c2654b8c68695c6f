package crate.app.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginSourceTest {
    @TempDir Path dir;

    @Test
    void eachJarAndEachDirectoryWithJarsIsOnePluginInNameOrder() throws IOException {
        Files.writeString(dir.resolve("b.jar"), "");
        Files.writeString(dir.resolve("a.jar"), "");
        Path withLibrary = Files.createDirectory(dir.resolve("c"));
        Files.writeString(withLibrary.resolve("plugin.jar"), "");
        Files.writeString(withLibrary.resolve("library.jar"), "");
        Files.writeString(withLibrary.resolve("NOTES.txt"), "");

        assertEquals(List.of(
                        new PluginSource(dir.resolve("a.jar"), List.of(dir.resolve("a.jar"))),
                        new PluginSource(dir.resolve("b.jar"), List.of(dir.resolve("b.jar"))),
                        new PluginSource(withLibrary, List.of(withLibrary.resolve("library.jar"), withLibrary.resolve("plugin.jar")))),
                PluginSource.scan(dir));
    }

    @Test
    void otherFilesHiddenEntriesAndEmptyDirectoriesAreNoPlugins() throws IOException {
        Files.writeString(dir.resolve("README.md"), "");
        Files.writeString(dir.resolve(".hidden.jar"), "");
        Files.createDirectory(dir.resolve("empty"));
        Files.createDirectory(dir.resolve("notes")).resolve("x.txt").toFile().createNewFile();
        Files.createDirectory(dir.resolve("dir.jar")); // a directory named like a jar, without jars

        assertEquals(List.of(), PluginSource.scan(dir));
    }

    @Test
    void aMissingDirectoryHoldsNoPlugins() throws IOException {
        assertEquals(List.of(), PluginSource.scan(dir.resolve("nonexistent")));
    }
}
