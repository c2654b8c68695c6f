package crate.app;

import crate.api.CrateException;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import crate.runtime.Lifecycle;
import crate.runtime.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--preserve-fds", paramLabel = "N", description = "Pass N more fds (from 3) to the container (only 0 is supported yet)")
    int preserveFds;

    @Option(names = "--no-pivot", description = "Accepted for runc compatibility; crate always uses pivot_root")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "Accepted for runc compatibility; crate creates no session keyring")
    boolean noNewKeyring;

    @Parameters(paramLabel = "ID", description = "Container ID")
    String id;

    @Override
    public Integer call() throws CrateException {
        ContainerContext context = load(id, bundle);
        if (preserveFds != 0) {
            throw new CrateException("--preserve-fds " + preserveFds + ": passing extra fds is not supported yet");
        }
        main.globals.lifecycle().create(context, Optional.ofNullable(pidFile).map(Path::toAbsolutePath),
                Optional.ofNullable(consoleSocket));
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
