package crate.app;

import crate.api.CrateException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crate state ID}: the OCI state JSON. */
@Command(name = "state", description = "Print a container's state as JSON.", mixinStandardHelpOptions = true)
final class StateCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() throws CrateException {
        var view = main.globals.lifecycle().state(ContainerIds.check(id));
        System.out.println(new String(StateCommands.write(view), StandardCharsets.UTF_8));
        return 0;
    }
}
