package crate.app;

import crate.api.CrateException;
import crate.linux.Signals;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crate kill [--all] ID [SIGNAL]}: SIGTERM unless a signal is named (TERM, SIGTERM, 15). */
@Command(name = "kill", description = "Send a signal to a container's init (or every process with --all).",
        mixinStandardHelpOptions = true)
final class KillCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = {"-a", "--all"}, description = "Signal every process of the container")
    boolean all;

    @Parameters(index = "0", paramLabel = "ID") String id;

    @Parameters(index = "1", paramLabel = "SIGNAL", arity = "0..1", description = "Name or number (default: SIGTERM)")
    String signal = "SIGTERM";

    @Override
    public Integer call() throws CrateException {
        int number = Signals.parse(signal).orElseThrow(() -> new CrateException("unknown signal \"" + signal + "\""));
        main.globals.lifecycle().kill(ContainerIds.check(id), number, all);
        return 0;
    }
}
