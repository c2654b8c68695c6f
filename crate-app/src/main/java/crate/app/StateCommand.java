package crate.app;

import crate.api.CrateException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate state ID}: the OCI state JSON. */
final class StateCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private String id;

    StateCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("state", this, "Print a container's state as JSON.").parameter("ID", v -> id = v).spec();
    }

    @Override
    public Integer call() throws CrateException {
        var view = globals.lifecycle().state(ContainerIds.check(id));
        System.out.println(new String(StateCommands.write(view), StandardCharsets.UTF_8));
        return 0;
    }
}
