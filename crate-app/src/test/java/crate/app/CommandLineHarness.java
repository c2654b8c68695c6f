package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.runtime.Lifecycle;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.mockito.MockedConstruction;
import org.mockito.Mockito;
import picocli.CommandLine;

/**
 * The base of unit tests that run Main's command line with its output captured. None may
 * start a container: as a safety net the Lifecycle is replaced by a mock for every test, and
 * each test checks it was never built.
 */
abstract class CommandLineHarness {
    /** What crate printed on stdout and stderr. */
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final MockedConstruction<Lifecycle> lifecycles = Mockito.mockConstruction(Lifecycle.class);

    /** Runs crate with {@code args}; returns its exit status. */
    int crate(String... args) {
        CommandLine cli = Main.commandLine(args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @AfterEach
    void noContainerWasRun() {
        try {
            assertEquals(0, lifecycles.constructed().size(), "a test reached the Lifecycle");
        } finally {
            lifecycles.close();
        }
    }
}
