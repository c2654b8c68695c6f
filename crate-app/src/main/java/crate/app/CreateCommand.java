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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crate create}: as runc's. The container waits, created, until {@code crate start}. */
@Command(name = "create", description = "Create a container from an OCI bundle; its process waits for start.",
        mixinStandardHelpOptions = true)
final class CreateCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "Bundle directory (default: the current one)")
    Path bundle = Path.of("");

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the init process's pid to FILE")
    Path pidFile;

    @Option(names = "--console-socket", paramLabel = "PATH", description = "Unix socket that receives the pty master (process.terminal)")
    Path consoleSocket;

    @Mixin CreateOptions options = new CreateOptions();

    @Parameters(paramLabel = "ID", description = "Container ID")
    String id;

    @Override
    public Integer call() throws CrateException {
        ContainerContext context = load(id, bundle);
        PassedFds passed = options.passedFds();
        main.globals.lifecycle().create(options.apply(context, passed), Optional.ofNullable(pidFile).map(Path::toAbsolutePath),
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
