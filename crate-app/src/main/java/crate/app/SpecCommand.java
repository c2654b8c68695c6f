package crate.app;

import crate.api.CrateException;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate spec}: writes a config.json with {@link DefaultSpec#template() the defaults}
 * into a bundle directory, as {@code runc spec} does, and never overwrites one.
 */
final class SpecCommand implements Callable<Integer> {
    private Path bundle;
    private boolean rootless;

    CommandSpec spec() {
        return CommandModel.of("spec", this,
                        "Create a new OCI bundle configuration (config.json) with crate's defaults, as runc spec.",
                        "  crate spec [--bundle DIR]")
                .declarationOrder()
                .path("-b, --bundle", "DIR", "Bundle directory to write config.json into (default: the current directory)",
                        v -> bundle = v)
                .flag("--rootless", "A spec for a rootless container (not supported yet)", v -> rootless = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        if (rootless) {
            throw new CrateException("--rootless: rootless containers are not supported yet");
        }
        Path dir = (bundle == null ? Path.of("") : bundle).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CrateException("bundle " + dir + " is not a directory");
        }
        Path config = dir.resolve("config.json");
        // runc's words, which scripts may look for.
        String exists = "File config.json exists. Remove it first";
        if (Files.exists(config)) {
            throw new CrateException(exists);
        }
        byte[] json = SpecJson.write(DefaultSpec.template());
        try {
            Files.write(config, withNewline(json), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new CrateException(exists);
        } catch (IOException e) {
            throw new CrateException("cannot write " + config + ": " + e.getMessage());
        }
        return 0;
    }

    private static byte[] withNewline(byte[] json) {
        byte[] out = Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }
}
