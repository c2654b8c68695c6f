package crate.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A test-only image puller, compiled into a plugin jar ({@link PluginJars}): it serves
 * images that a test made by hand, listed in {@code <data_root>/hand-made-images}, one per
 * line: name, id, the layer directories (bottom first, ':' between them), the user, and the
 * command (the image's Cmd), separated by tabs. It pulls nothing. A configuration chooses it
 * with {@code images.puller = "hand-made"}, so that the real image filesystem and crate run
 * IMAGE are exercised without a registry (and also after crate's own puller is built in).
 */
final class HandMadeImages {
    static final String PULLER = "hand-made";
    static final String LIST = "hand-made-images";

    private static final String SOURCE = """
            package front.handmade;

            import crate.api.CrateException;
            import crate.api.image.ImageConfig;
            import crate.api.image.ImageSettings;
            import crate.api.image.LocalImage;
            import crate.api.image.PruneReport;
            import crate.api.image.PullProgress;
            import crate.api.image.PullRequest;
            import crate.api.spi.Puller;
            import java.io.IOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.time.Instant;
            import java.util.ArrayList;
            import java.util.Arrays;
            import java.util.List;
            import java.util.Map;
            import java.util.Optional;

            public final class HandMadePuller implements Puller {
                private final Path list;

                public HandMadePuller() {
                    this(null);
                }

                private HandMadePuller(Path list) {
                    this.list = list;
                }

                @Override public String name() { return "hand-made"; }

                @Override public Puller withSettings(ImageSettings settings) {
                    return new HandMadePuller(settings.dataRoot().resolve("hand-made-images"));
                }

                @Override public LocalImage pull(PullRequest request, PullProgress progress) throws CrateException {
                    throw new CrateException("the hand-made puller pulls nothing: " + request.reference());
                }

                @Override public Optional<LocalImage> find(String reference) throws CrateException {
                    return list().stream().filter(i -> i.names().contains(reference) || i.id().equals(reference)).findFirst();
                }

                @Override public List<LocalImage> list() throws CrateException {
                    List<LocalImage> images = new ArrayList<>();
                    try {
                        for (String line : Files.readAllLines(list)) {
                            String[] f = line.split("\\t", -1);
                            List<Path> layers = Arrays.stream(f[2].split(":")).map(Path::of).toList();
                            ImageConfig config = new ImageConfig(List.of(), f[4].isEmpty() ? List.of() : List.of(f[4].split(" ")),
                                    List.of("PATH=/bin:/sbin", "FROM_IMAGE=yes"), "/tmp", f[3], List.of("8080/tcp"), Map.of(),
                                    "linux", "amd64", "");
                            images.add(new LocalImage(f[1], List.of(f[0]), f[1], 0, Instant.EPOCH, config, layers));
                        }
                    } catch (IOException e) {
                        throw new CrateException("cannot read " + list + ": " + e);
                    }
                    return images;
                }

                @Override public List<String> remove(String reference, boolean force) throws CrateException {
                    throw new CrateException("the hand-made puller removes nothing");
                }

                @Override public PruneReport prune(boolean all) {
                    return new PruneReport(List.of(), 0);
                }
            }
            """;

    private HandMadeImages() {}

    /** The plugin jar, built in {@code work}. */
    static Path pluginJar(Path work) throws IOException {
        return PluginJars.compile(work, "front.handmade", Map.of(
                "module-info.java", "module front.handmade { requires crate.api; "
                        + "provides crate.api.spi.Puller with front.handmade.HandMadePuller; }",
                "front/handmade/HandMadePuller.java", SOURCE));
    }

    /** Lists an image for the puller. */
    static void add(Path dataRoot, String name, String id, List<Path> layers, String user, String cmd) throws IOException {
        Files.createDirectories(dataRoot);
        String line = String.join("\t", name, id, String.join(":", layers.stream().map(Path::toString).toList()), user, cmd);
        Files.writeString(dataRoot.resolve(LIST), line + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }
}
