package crate.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;

/** Plugin jars made by a test: compiled from source with the JDK's javac, or an example's with another manifest. */
final class PluginJars {
    /** The module jars of the image (crate.api and the rest), copied there by the build. */
    static final Path IMAGE_MODULES = CrateCli.IMAGE.resolveSibling("mods");
    /** The example plugins of examples/, copied there by the build. */
    static final Path EXAMPLES = Path.of(System.getProperty("crate.examples", "crate-app/target/example-plugins"));

    private PluginJars() {}

    static Path example(String artifact) throws IOException {
        try (var jars = Files.list(EXAMPLES)) {
            return jars.filter(p -> p.getFileName().toString().startsWith(artifact + "-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + artifact + " jar in " + EXAMPLES + ": build examples/"));
        }
    }

    /** A copy of {@code jar} whose manifest says {@code apiVersion} (null: says nothing). */
    static Path withApiVersion(Path jar, String apiVersion, Path out) throws IOException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = new Manifest(file.getManifest());
        }
        Attributes.Name name = new Attributes.Name("Crate-Plugin-Api");
        if (apiVersion == null) {
            manifest.getMainAttributes().remove(name);
        } else {
            manifest.getMainAttributes().put(name, apiVersion);
        }
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar));
                JarOutputStream copy = new JarOutputStream(Files.newOutputStream(out), manifest)) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                copy.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(copy);
                copy.closeEntry();
            }
        }
        return out;
    }

    /**
     * Compiles one module from {@code sources} (path under the module to source text) against
     * crate's modules and {@code modulePath}, and jars it with {@code Crate-Plugin-Api: 2.0}.
     */
    static Path compile(Path work, String module, Map<String, String> sources, Path... modulePath) throws IOException {
        Path src = Files.createDirectories(work.resolve("src-" + module));
        Path classes = Files.createDirectories(work.resolve("classes-" + module));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "25"));
        StringBuilder path = new StringBuilder(IMAGE_MODULES.toString());
        for (Path extra : modulePath) {
            path.append(':').append(extra);
        }
        args.addAll(List.of("--module-path", path.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        run("javac", args);
        Path manifest = Files.writeString(work.resolve("manifest-" + module), "Crate-Plugin-Api: " + crate.api.spi.PluginApi.VERSION + "\n");
        Path jar = work.resolve(module + ".jar");
        run("jar", List.of("--create", "--file", jar.toString(), "--manifest", manifest.toString(), "-C", classes.toString(), "."));
        return jar;
    }

    private static void run(String tool, List<String> args) {
        StringWriter output = new StringWriter();
        try (PrintWriter out = new PrintWriter(output)) {
            int status = ToolProvider.findFirst(tool).orElseThrow().run(out, out, args.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException(tool + " failed: " + output);
            }
        }
    }

    /** A file named like a jar that is none. */
    static Path garbage(Path out) throws IOException {
        return Files.writeString(out, "this is not a zip file\n");
    }
}
