package crate.app;

import crate.api.CrateException;
import crate.api.image.LocalImage;
import crate.runtime.SpecJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crate images} (and {@code crate image ls}): the stored images, newest first, as docker images. */
@Command(name = "images", description = "List the images in crate's store.", mixinStandardHelpOptions = true,
        sortOptions = false)
final class ImagesCommand implements Callable<Integer> {
    @Option(names = {"-q", "--quiet"}, description = "Only the image IDs")
    boolean quiet;

    @Option(names = "--digests", description = "Show the manifest digests")
    boolean digests;

    @Option(names = "--no-trunc", description = "Do not shorten the image IDs")
    boolean noTrunc;

    @Option(names = {"-f", "--format"}, paramLabel = "table|json", description = "Output format (default: table)")
    String format = "table";

    @Spec CommandSpec command;

    @Override
    public Integer call() throws CrateException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CrateException("--format " + format + ": expected table or json");
        }
        List<LocalImage> images = Main.globals(command).puller().list();
        PrintWriter out = command.commandLine().getOut();
        if (quiet) {
            // One line per image, as docker images -q with its rows deduplicated.
            new LinkedHashSet<>(images.stream().map(i -> noTrunc ? i.id() : i.shortId()).toList()).forEach(out::println);
        } else if (format.equals("json")) {
            out.println(new String(SpecJson.writeValue(images.stream().map(ImagesCommand::json).toList()),
                    StandardCharsets.UTF_8));
        } else {
            Table.print(ImagesTable.rows(images, digests, noTrunc, Instant.now()), out);
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> json(LocalImage image) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", image.id());
        entry.put("names", image.names());
        entry.put("digest", image.manifestDigest());
        entry.put("created", image.created().toString());
        entry.put("size", image.size());
        entry.put("os", image.config().os());
        entry.put("architecture", image.config().architecture());
        return entry;
    }
}
