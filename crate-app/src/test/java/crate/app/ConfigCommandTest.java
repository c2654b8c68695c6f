package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code crate config show|path} and the global flags over the file, through the command line. No container starts. */
class ConfigCommandTest extends CommandLineHarness {
    @TempDir Path tmp;

    private Path config(String text) throws IOException {
        return Files.writeString(tmp.resolve("config.toml"), text);
    }

    @Test
    void showPrintsTheEffectiveConfigurationWithOrigins() throws IOException {
        Path file = config("[runtime]\ndata_root = \"/srv/crate\"\n[cgroups]\nparent = \"/pods\"\n");
        assertEquals(0, crate("--config", file.toString(), "--root", "/tmp/cfg-state", "config", "show"));
        String shown = out.toString();
        assertTrue(shown.startsWith("# crate's effective configuration: defaults < " + file + " (--config) < flags\n"), shown);
        assertTrue(shown.contains("\n[runtime]\nroot = \"/tmp/cfg-state\"  # --root\ndata_root = \"/srv/crate\"  # " + file + ":2\n"),
                shown);
        assertTrue(shown.contains("\nparent = \"/pods\"  # " + file + ":4\n"), shown);
        assertTrue(shown.contains("\nmanager = \"cgroupfs\"  # default\n"), shown);
        assertEquals("", err.toString());
    }

    @Test
    void unknownKeysWarnOnStderrAndTheCommandGoesOn() throws IOException {
        Path file = config("[runtime]\nrooot = \"/x\"\n");
        assertEquals(0, crate("--config", file.toString(), "config", "show"));
        assertEquals("crate: warning: " + file + ":2: unknown key runtime.rooot (ignored)" + System.lineSeparator(), err.toString());
        assertTrue(out.toString().contains("\nroot = \"/run/crate\"  # default\n"), out.toString());
    }

    @Test
    void anInvalidFileFailsTheCommandBeforeAnythingStarts() throws IOException {
        Path file = config("[runtime]\nroot = \"state\"\n");
        assertEquals(125, crate("--config", file.toString(), "list"));
        assertEquals("crate: " + file + ":2: runtime.root: expected an absolute path, got \"state\"" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void aMissingNamedFileIsAnError() {
        Path missing = tmp.resolve("missing.toml");
        assertEquals(125, crate("--config", missing.toString(), "config", "show"));
        assertEquals("crate: " + missing + " (--config): no such configuration file" + System.lineSeparator(), err.toString());
    }

    @Test
    void pathPrintsTheFileThatIsRead() throws IOException {
        Path file = config("[runtime]\nroot = \"not absolute\"\n");
        assertEquals(0, crate("--config", file.toString(), "config", "path"));
        assertEquals(file + System.lineSeparator(), out.toString());
        assertEquals("", err.toString(), "path does not read the file");
        Path missing = tmp.resolve("missing.toml");
        assertEquals(125, crate("--config", missing.toString(), "config", "path"));
        assertEquals("crate: " + missing + " (--config) does not exist" + System.lineSeparator(), err.toString());
    }

    @Test
    void configAloneAsksForItsCommand() {
        assertEquals(125, crate("config"));
        assertTrue(err.toString().startsWith("crate: config: missing command (show or path)"), err.toString());
    }

    /** crate's command line after parsing {@code args}, not run. */
    private static Main parsed(String... args) {
        CommandLine cli = Main.commandLine(args);
        cli.parseArgs(args);
        return cli.getCommand();
    }

    @Test
    void logLevelDebugIsDebugAndTheLogFormatComesFromTheFile() throws IOException {
        Path file = config("[runtime]\nlog_level = \"debug\"\nlog_format = \"json\"\n");
        Main main = parsed("--config", file.toString(), "list");
        assertTrue(main.globals.debug());
        assertTrue(main.globals.jsonLog());
        Main flagsWin = parsed("--config", file.toString(), "--log-format", "text", "list");
        assertFalse(flagsWin.globals.jsonLog());
        // The error log of a failing command is JSON, as the file says.
        Path log = tmp.resolve("log.json");
        assertEquals(125, crate("--config", file.toString(), "--log", log.toString(), "run"));
        assertTrue(Files.readString(log).startsWith("{\"level\":\"error\",\"msg\":\"no command given"), Files.readString(log));
    }

    @Test
    void anInvalidFileDoesNotHideTheErrorItself() throws IOException {
        Path file = config("[runtime]\nlog_format = \"yaml\"\n");
        Path log = tmp.resolve("log.txt");
        assertEquals(125, crate("--config", file.toString(), "--log", log.toString(), "list"));
        assertTrue(Files.readString(log).contains("level=error msg=\"" + file + ":2: runtime.log_format"), Files.readString(log));
    }
}
