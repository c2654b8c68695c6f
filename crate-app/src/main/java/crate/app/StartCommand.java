package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crate start ID}: the created container's init executes the user's process. */
@Command(name = "start", description = "Start a created container.", mixinStandardHelpOptions = true)
final class StartCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() throws CrateException {
        main.globals.lifecycle().start(ContainerIds.check(id));
        return 0;
    }
}
