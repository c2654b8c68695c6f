package crate.app.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One plugin in the plugin directory: a modular jar, or a directory holding the plugin's
 * jars together with the libraries they need. Each is loaded into a module layer of its own,
 * so that a broken one takes nothing else down.
 *
 * @param origin the jar or directory, as {@code crate plugins} shows it
 * @param jars the module jars, sorted
 */
record PluginSource(Path origin, List<Path> jars) {

    /**
     * The plugins of {@code dir}, sorted by name: each {@code *.jar} and each subdirectory
     * with jars. Other files (a README) and hidden entries are not plugins. A directory that
     * does not exist holds none.
     */
    static List<PluginSource> scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<PluginSource> sources = new ArrayList<>();
        for (Path entry : sorted(dir)) {
            if (isJar(entry)) {
                sources.add(new PluginSource(entry, List.of(entry)));
            } else if (Files.isDirectory(entry)) {
                List<Path> jars = sorted(entry).stream().filter(PluginSource::isJar).toList();
                if (!jars.isEmpty()) {
                    sources.add(new PluginSource(entry, jars));
                }
            }
        }
        return sources;
    }

    private static boolean isJar(Path file) {
        return file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file);
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
