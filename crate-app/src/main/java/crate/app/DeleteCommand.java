package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate delete [--force] ID}: removes a stopped (or created) container; --force also a running one. */
final class DeleteCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private boolean force;
    private String id;

    DeleteCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("delete", this, "Delete a container and everything it holds.")
                .flag("-f, --force", "Kill the container's processes first if it is running", v -> force = v)
                .parameter("ID", v -> id = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        globals.lifecycle().delete(ContainerIds.check(id), force);
        return 0;
    }
}
