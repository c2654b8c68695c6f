package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's argument errors. None of these may start a container: as a safety net
 * the Lifecycle is replaced by a mock for every test, and each test checks it was never built.
 */
class MainTest extends CommandLineHarness {
    @TempDir Path tmp;

    private Path bundle(String config) throws IOException {
        Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(tmp.resolve("config.json"), config);
        return tmp;
    }

    @Test
    void version() {
        assertEquals(0, crate("--version"));
        assertEquals("crate version " + Version.CRATE + System.lineSeparator() + "spec: 1.2.0" + System.lineSeparator(),
                out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void help() {
        assertEquals(0, crate("--help"));
        assertTrue(out.toString().startsWith("Usage: crate "), out.toString());
        assertTrue(out.toString().contains("run"), out.toString());
    }

    @Test
    void runWithoutCommand() {
        assertEquals(125, crate("run"));
        assertEquals("crate: no command given: crate run [-r ROOTFS] CMD [ARG...] or crate run IMAGE [CMD...]" + System.lineSeparator(), err.toString());
    }

    @Test
    void runBundleWithFlagsThatDoNotApply() {
        assertEquals(125, crate("run", "--bundle", tmp.toString(), "-H", "box", "c1"));
        assertEquals("crate: --bundle takes its settings from config.json: -r, -H, -e, -w, -u, --name, -t and the resource flags do not apply"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void runBundleWithTtyPointsAtProcessTerminal() {
        assertEquals(125, crate("run", "--bundle", tmp.toString(), "-t", "c1"));
        assertEquals("crate: --bundle takes its settings from config.json: -r, -H, -e, -w, -u, --name, -t and the resource flags do not apply"
                + " (a terminal is process.terminal)" + System.lineSeparator(), err.toString());
    }

    @Test
    void runBundleNeedsExactlyOneId() {
        assertEquals(125, crate("run", "--bundle", tmp.toString()));
        assertTrue(err.toString().startsWith("crate: --bundle needs exactly one argument, the container ID (got 0)"),
                err.toString());
        assertEquals(125, crate("run", "--bundle", tmp.toString(), "c1", "c2"));
        assertTrue(err.toString().contains("(got 2)"), err.toString());
    }

    @Test
    void runBundleThatIsNoDirectory() {
        Path missing = tmp.resolve("missing");
        assertEquals(125, crate("run", "--bundle", missing.toString(), "c1"));
        assertEquals("crate: bundle " + missing + " is not a directory" + System.lineSeparator(), err.toString());
    }

    @Test
    void runBundleWithoutConfig() {
        assertEquals(125, crate("run", "--bundle", tmp.toString(), "c1"));
        assertEquals("crate: " + tmp.resolve("config.json") + ": no such file (an OCI bundle holds config.json)"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void runBundleWithBadId() throws IOException {
        Path dir = bundle("{\"ociVersion\": \"1.2.0\", \"process\": {\"args\": [\"sh\"]}, \"root\": {\"path\": \"rootfs\"}}");
        assertEquals(125, crate("run", "--bundle", dir.toString(), "../c1"));
        assertTrue(err.toString().startsWith("crate: invalid container ID \"../c1\""), err.toString());
    }

    @Test
    void runBundleWithInvalidSpec() throws IOException {
        Path dir = bundle("{\"ociVersion\": \"2.0.0\", \"process\": {\"args\": [\"sh\"]}, \"root\": {\"path\": \"rootfs\"}}");
        assertEquals(125, crate("run", "--bundle", dir.toString(), "c1"));
        assertEquals("crate: " + dir.resolve("config.json") + ": ociVersion 2.0.0 is not supported (crate implements 1.x)"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void runWithRelativeWorkdir() {
        assertEquals(125, crate("run", "-w", "tmp", "sh"));
        assertEquals("crate: --workdir tmp: must be an absolute path" + System.lineSeparator(), err.toString());
    }

    @Test
    void runWithBadName() {
        assertEquals(125, crate("run", "--name", "-x", "sh"));
        assertTrue(err.toString().startsWith("crate: invalid container ID \"-x\""), err.toString());
    }

    @Test
    void runWithNamelessEnv() {
        assertEquals(125, crate("run", "-e", "=1", "sh"));
        assertEquals("crate: --env =1: the variable has no name" + System.lineSeparator(), err.toString());
    }

    @Test
    void runWithUnknownUser() {
        assertEquals(125, crate("run", "-r", tmp.toString(), "-u", "nobody", "sh"));
        assertEquals("crate: --user nobody: no user \"nobody\" in the container's /etc/passwd" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void unknownOption() {
        assertEquals(125, crate("run", "--frobnicate", "sh"));
        assertEquals("crate: Unknown option: '--frobnicate'" + System.lineSeparator()
                + "Try 'crate run --help' for more information." + System.lineSeparator(), err.toString());
    }

    @Test
    void unknownCommand() {
        assertEquals(125, crate("frobnicate"));
        assertTrue(err.toString().startsWith("crate: Unmatched argument at index 0: 'frobnicate'"), err.toString());
        assertTrue(err.toString().contains("Try 'crate --help' for more information."), err.toString());
    }
}
