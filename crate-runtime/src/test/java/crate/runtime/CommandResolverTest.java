package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {
    @TempDir Path tmp;
    private Path bin1;
    private Path bin2;

    @BeforeEach
    void dirs() throws IOException {
        bin1 = Files.createDirectory(tmp.resolve("bin1"));
        bin2 = Files.createDirectory(tmp.resolve("bin2"));
    }

    private static Path file(Path dir, String name, String mode) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static Path executable(Path dir, String name) throws IOException {
        return file(dir, name, "rwxr-xr-x");
    }

    private String path() {
        return "PATH=" + bin1 + ":" + bin2;
    }

    private static CrateException failure(String command, List<String> env) {
        return assertThrows(CrateException.class, () -> CommandResolver.resolve(command, env));
    }

    @Test
    void findsTheCommandOnPath() throws Exception {
        Path tool = executable(bin2, "tool");
        assertEquals(tool.toString(), CommandResolver.resolve("tool", List.of("TERM=xterm", path())));
    }

    @Test
    void firstMatchOnPathWins() throws Exception {
        Path first = executable(bin1, "tool");
        executable(bin2, "tool");
        assertEquals(first.toString(), CommandResolver.resolve("tool", List.of(path())));
    }

    @Test
    void nonExecutableIsSkippedForALaterEntry() throws Exception {
        file(bin1, "tool", "rw-r--r--");
        Path later = executable(bin2, "tool");
        assertEquals(later.toString(), CommandResolver.resolve("tool", List.of(path())));
    }

    @Test
    void directoryOnPathIsSkipped() throws Exception {
        Files.createDirectory(bin1.resolve("tool"));
        Path later = executable(bin2, "tool");
        assertEquals(later.toString(), CommandResolver.resolve("tool", List.of(path())));
    }

    @Test
    void onlyNonExecutableIs126() throws Exception {
        Path plain = file(bin2, "tool", "rw-r--r--");
        CrateException e = failure("tool", List.of(path()));
        assertEquals(CrateException.NOT_EXECUTABLE, e.exitStatus());
        assertEquals(plain + ": permission denied: the file is not executable", e.getMessage());
    }

    @Test
    void missingIs127AndNamesThePath() {
        CrateException e = failure("tool", List.of(path()));
        assertEquals(CrateException.NOT_FOUND, e.exitStatus());
        assertEquals("\"tool\": executable file not found in $PATH (" + bin1 + ":" + bin2 + ")", e.getMessage());
    }

    @Test
    void pathFromEnvReplacesTheDefault() {
        // sh is on the default PATH of any host that runs these tests, but not on this one.
        CrateException e = failure("sh", List.of("PATH=" + bin1));
        assertEquals(CrateException.NOT_FOUND, e.exitStatus());
    }

    @Test
    void defaultPathWithoutPathInEnv() {
        CrateException e = failure("crate-no-such-command", List.of("TERM=xterm", "MYPATH=" + bin1, "PATHX=" + bin1));
        assertEquals("\"crate-no-such-command\": executable file not found in $PATH ("
                + CommandResolver.DEFAULT_PATH + ")", e.getMessage());
    }

    @Test
    void lastPathInEnvWins() throws Exception {
        Path inFirst = executable(bin1, "one");
        Path inLast = executable(bin2, "two");
        List<String> env = List.of("PATH=" + bin1, "TERM=xterm", "PATH=" + bin2);
        assertEquals(inLast.toString(), CommandResolver.resolve("two", env));
        assertEquals(CrateException.NOT_FOUND, failure("one", env).exitStatus());
        assertEquals(inFirst.toString(), CommandResolver.resolve("one", List.of("PATH=" + bin2, "PATH=" + bin1)));
    }

    @Test
    void absolutePathIsUsedAsIs() throws Exception {
        Path tool = executable(bin1, "tool");
        executable(bin2, "tool");
        assertEquals(tool.toString(), CommandResolver.resolve(tool.toString(), List.of("PATH=" + bin2)));
    }

    @Test
    void absolutePathThatDoesNotExistIs127() {
        String missing = bin1.resolve("nothing").toString();
        CrateException e = failure(missing, List.of());
        assertEquals(CrateException.NOT_FOUND, e.exitStatus());
        assertEquals(missing + ": no such file or directory", e.getMessage());
    }

    @Test
    void absolutePathToADirectoryIs126() {
        CrateException e = failure(bin1.toString(), List.of());
        assertEquals(CrateException.NOT_EXECUTABLE, e.exitStatus());
        assertEquals(bin1 + ": is a directory, not an executable", e.getMessage());
    }

    @Test
    void absolutePathNotExecutableIs126() throws Exception {
        Path plain = file(bin1, "tool", "rw-r--r--");
        CrateException e = failure(plain.toString(), List.of());
        assertEquals(CrateException.NOT_EXECUTABLE, e.exitStatus());
        assertEquals(plain + ": permission denied: the file is not executable", e.getMessage());
    }

    @Test
    void relativePathWithASlashIsNotSearched() throws Exception {
        executable(bin1, "tool");
        CrateException e = failure("bin1/tool", List.of("PATH=" + tmp));
        assertEquals(CrateException.NOT_FOUND, e.exitStatus());
        assertEquals("bin1/tool: no such file or directory", e.getMessage());
    }
}
