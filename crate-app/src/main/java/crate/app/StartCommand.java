package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate start ID}: the created container's init executes the user's process. */
final class StartCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private String id;

    StartCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("start", this, "Start a created container.").parameter("ID", v -> id = v).spec();
    }

    @Override
    public Integer call() throws CrateException {
        globals.lifecycle().start(ContainerIds.check(id));
        return 0;
    }
}
