package crate.app;

import crate.api.CrateException;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import crate.runtime.Lifecycle;
import crate.runtime.PassedFds;
import crate.runtime.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate create}: as runc's. The container waits, created, until {@code crate start}. */
final class CreateCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private Path bundle = Path.of("");
    private Path pidFile;
    private Path consoleSocket;
    private final CreateOptions options = new CreateOptions();
    private String id;

    CreateCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("create", this, "Create a container from an OCI bundle; its process waits for start.")
                .path("-b, --bundle", "DIR", "Bundle directory (default: the current one)", v -> bundle = v)
                .path("--pid-file", "FILE", "Write the init process's pid to FILE", v -> pidFile = v)
                .path("--console-socket", "PATH", "Unix socket that receives the pty master (process.terminal)",
                        v -> consoleSocket = v)
                .with(options)
                .parameter("ID", "Container ID", v -> id = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        ContainerContext context = load(id, bundle);
        PassedFds passed = options.passedFds();
        globals.lifecycle().create(options.apply(context, passed), Optional.ofNullable(pidFile).map(Path::toAbsolutePath),
                Optional.ofNullable(consoleSocket), passed);
        return 0;
    }

    /** The bundle's config.json as a context, validated; errors name the file. */
    static ContainerContext load(String id, Path bundle) throws CrateException {
        String checked = ContainerIds.check(id);
        Path dir = bundle.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CrateException("bundle " + dir + " is not a directory");
        }
        Spec spec = SpecJson.read(dir.resolve("config.json"));
        ContainerContext context = new ContainerContext(checked, dir.toString(), spec, "bundle");
        Lifecycle.validate(context, dir.resolve("config.json").toString());
        return context;
    }
}
