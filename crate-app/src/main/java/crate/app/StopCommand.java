package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crate stop [--time N] ID}: SIGTERM, N seconds of grace (default 10), then SIGKILL to all. */
@Command(name = "stop", description = "Stop a container: SIGTERM, a grace period, then SIGKILL.", mixinStandardHelpOptions = true)
final class StopCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Grace period before SIGKILL (default: 10)")
    int seconds = 10;

    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() throws CrateException {
        if (seconds < 0) {
            throw new CrateException("--time " + seconds + ": must not be negative");
        }
        main.globals.lifecycle().stop(ContainerIds.check(id), seconds);
        return 0;
    }
}
