package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate stop [--time N] ID}: SIGTERM, N seconds of grace (default 10), then SIGKILL to all. */
final class StopCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private int seconds = 10;
    private String id;

    StopCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("stop", this, "Stop a container: SIGTERM, a grace period, then SIGKILL.")
                .option("-t, --time", "SECONDS", "Grace period before SIGKILL (default: 10)", int.class, v -> seconds = v)
                .parameter("ID", v -> id = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        if (seconds < 0) {
            throw new CrateException("--time " + seconds + ": must not be negative");
        }
        globals.lifecycle().stop(ContainerIds.check(id), seconds);
        return 0;
    }
}
