package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.app.RunTarget.PullPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The image-or-command rule of crate run. */
class RunTargetTest {
    private static final Set<String> STORE = Set.of("busybox", "alpine:3.20", "echo-image");
    private static final Set<String> PATH = Set.of("echo", "sh", "alpine");

    @ParameterizedTest(name = "{0} -r={1} --pull {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            echo          | false | missing | COMMAND
            echo          | true  | missing | COMMAND
            /bin/echo     | false | missing | COMMAND
            ./run.sh      | false | always  | COMMAND
            busybox       | false | missing | IMAGE
            busybox       | true  | missing | COMMAND
            alpine:3.20   | false | never   | IMAGE
            alpine        | false | missing | COMMAND
            alpine        | false | always  | IMAGE
            echo          | false | always  | IMAGE
            nginx         | false | missing | IMAGE
            nginx         | false | never   | IMAGE
            localhost:5000/app | false | missing | IMAGE
            """)
    void decides(String first, boolean rootfs, String pull, RunTarget expected) throws CrateException {
        assertEquals(expected, RunTarget.of(first, rootfs, PullPolicy.parse(pull), STORE::contains, PATH::contains));
    }

    /** The store is asked only when the answer matters: never for a path or with -r. */
    @Test
    void theStoreIsNotAskedForAPathOrWithARootfs() {
        RunTarget.of("/bin/sh", false, PullPolicy.MISSING, name -> { throw new AssertionError("asked"); }, PATH::contains);
        RunTarget.of("sh", true, PullPolicy.MISSING, name -> { throw new AssertionError("asked"); }, PATH::contains);
    }

    @Test
    void pullPolicyIsChecked() {
        CrateException e = assertThrows(CrateException.class, () -> PullPolicy.parse("sometimes"));
        assertEquals("--pull sometimes: expected missing, always or never", e.getMessage());
    }

    @Test
    void onPathFindsExecutableFilesOnly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(dir.resolve("tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("data"), "x");
        Files.createDirectory(dir.resolve("sub"));
        Map<String, String> env = Map.of("PATH", "/nonexistent:" + dir);
        assertTrue(RunTarget.onPath("tool", env));
        assertFalse(RunTarget.onPath("data", env));
        assertFalse(RunTarget.onPath("sub", env));
        assertFalse(RunTarget.onPath("missing", env));
        assertFalse(RunTarget.onPath("sub/tool", env));
    }
}
