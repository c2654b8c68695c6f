package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crate delete [--force] ID}: removes a stopped (or created) container; --force also a running one. */
@Command(name = "delete", description = "Delete a container and everything it holds.", mixinStandardHelpOptions = true)
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = {"-f", "--force"}, description = "Kill the container's processes first if it is running")
    boolean force;

    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() throws CrateException {
        main.globals.lifecycle().delete(ContainerIds.check(id), force);
        return 0;
    }
}
