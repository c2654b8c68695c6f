package crate.app;

import crate.api.CrateException;
import crate.linux.Signals;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate kill [--all] ID [SIGNAL]}: SIGTERM unless a signal is named (TERM, SIGTERM, 15). */
final class KillCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private boolean all;
    private String id;
    private String signal = "SIGTERM";

    KillCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("kill", this, "Send a signal to a container's init (or every process with --all).")
                .flag("-a, --all", "Signal every process of the container", v -> all = v)
                .parameter("ID", v -> id = v)
                .parameter("SIGNAL", "Name or number (default: SIGTERM)", "0..1", v -> signal = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        int number = Signals.parse(signal).orElseThrow(() -> new CrateException("unknown signal \"" + signal + "\""));
        globals.lifecycle().kill(ContainerIds.check(id), number, all);
        return 0;
    }
}
