package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static crate.app.CrateCli.crate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.app.CrateCli.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** crate run's exit status is the container's, Docker's 125/126/127 when it cannot start, 128+N on signal N. */
@ExtendWith(NoHostLeaks.class)
class ExitStatusIT {
    private String rootfs;

    @BeforeEach
    void setUp() {
        rootfs = busyboxRootfs().toString();
    }


    @Test
    void exitStatusOfTheCommand() {
        // A process that ends at once races crate start's look at init: once seen as a failure.
        for (int i = 0; i < 3; i++) {
            Result ok = crate("run", "-r", rootfs, "true");
            assertEquals(0, ok.exit(), ok.err());
            Result failed = crate("run", "-r", rootfs, "false");
            assertEquals(1, failed.exit(), failed.err());
        }
        Result three = crate("run", "-r", rootfs, "sh", "-c", "exit 3");
        assertEquals(3, three.exit(), three.err());
    }

    @Test
    void commandNotFoundIs127() {
        Result result = crate("run", "-r", rootfs, "no-such-command");
        assertEquals(127, result.exit());
        assertEquals("crate: \"no-such-command\": executable file not found in $PATH"
                + " (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)\n", result.err());
        assertEquals(127, crate("run", "-r", rootfs, "/bin/missing").exit());
    }

    @Test
    void notExecutableIs126() {
        Result result = crate("run", "-r", rootfs, "/etc/passwd");
        assertEquals(126, result.exit());
        assertTrue(result.err().startsWith("crate: /etc/passwd: permission denied"), result.err());
        assertEquals(126, crate("run", "-r", rootfs, "/bin").exit());
    }

    @Test
    void runtimeErrorsAre125WithOneLine() {
        Result missing = crate("run", "-r", "/nonexistent-rootfs", "true");
        assertEquals(125, missing.exit());
        assertEquals("crate: rootfs /nonexistent-rootfs does not exist\n", missing.err());
        Result noCommand = crate("run", "-r", rootfs);
        assertEquals(125, noCommand.exit());
        assertEquals(1, noCommand.err().lines().count(), noCommand.err());
    }

    /** The container is killed from the host by pid: crate reports 128 + the signal. */
    @Test
    void killedBySignalIs128PlusN() throws Exception {
        Process crate = CrateCli.start("run", "-r", rootfs, "sh", "-c", "echo ready; exec sleep 60");
        awaitLine(crate, "ready");
        List<ProcessHandle> children = crate.children().toList();
        assertEquals(1, children.size(), "crate should have one child, the container");
        CrateCli.kill(children.getFirst().pid(), "KILL");
        Result result = CrateCli.finish(crate, null);
        assertEquals(137, result.exit(), result.err());
    }

    /** SIGINT, SIGTERM and SIGHUP sent to crate reach the container, which decides what to do. */
    @ParameterizedTest
    @CsvSource({"TERM, 42", "HUP, 43", "INT, 44"})
    void signalsToCrateAreForwarded(String signal, int status) throws Exception {
        Process crate = CrateCli.start("run", "-r", rootfs, "sh", "-c",
                "trap 'echo got " + signal + "; exit " + status + "' " + signal + "; echo ready; while true; do sleep 0.05; done");
        awaitLine(crate, "ready");
        CrateCli.kill(crate.pid(), signal);
        Result result = CrateCli.finish(crate, null);
        assertEquals(status, result.exit(), result.err());
    }

    private static void awaitLine(Process process, String expected) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        assertEquals(expected, line, "the container did not start");
    }
}
