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
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate images} (and {@code crate image ls}): the stored images, newest first, as docker images. */
final class ImagesCommand implements Callable<Integer> {
    private boolean quiet;
    private boolean digests;
    private boolean noTrunc;
    private String format = "table";
    private CommandSpec command;

    CommandSpec spec() {
        command = CommandModel.of("images", this, "List the images in crate's store.")
                .declarationOrder()
                .flag("-q, --quiet", "Only the image IDs", v -> quiet = v)
                .flag("--digests", "Show the manifest digests", v -> digests = v)
                .flag("--no-trunc", "Do not shorten the image IDs", v -> noTrunc = v)
                .option("-f, --format", "table|json", "Output format (default: table)", v -> format = v)
                .spec();
        return command;
    }

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
