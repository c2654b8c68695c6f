package crate.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** posix_spawn of small programs from this JVM, and waiting for them without blocking. */
class SpawnerTest {
    @TempDir Path dir;

    @Test
    void aNewProcessGroupIsLedByTheChild() throws Exception {
        Path out = dir.resolve("pgid");
        String script = "cut -d' ' -f5 /proc/$$/stat > " + out + "; echo $$ >> " + out;
        int pid = Spawner.spawn("/bin/sh", List.of("sh", "-c", script), List.of(), new int[] {0, 1, 2}, true, null);
        assertEquals(0, Syscalls.waitpid(pid).exitCode());
        List<String> lines = Files.readAllLines(out);
        assertEquals(lines.get(1), lines.get(0), "pgid is not the child's pid");
        assertEquals(String.valueOf(pid), lines.get(1));
    }

    @Test
    void theChildStartsInTheDirectoryAskedFor() throws Exception {
        Path out = dir.resolve("cwd");
        int pid = Spawner.spawn("/bin/sh", List.of("sh", "-c", "pwd -P > " + out), List.of(), new int[] {0, 1, 2}, false,
                dir.toString());
        assertEquals(0, Syscalls.waitpid(pid).exitCode());
        assertEquals(dir.toRealPath().toString(), Files.readString(out).strip());
        ErrnoException e = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                () -> Spawner.spawn("/bin/true", List.of("true"), List.of(), new int[] {0, 1, 2}, false,
                        dir.resolve("missing").toString()));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void waitpidNoHangReportsARunningChildAsEmptyAndReapsAnEndedOne() throws Exception {
        int[] pipe = Fds.pipe();
        try {
            // The child waits until the pipe's write end (its stdin) is closed.
            int pid = Spawner.spawn("/bin/sh", List.of("sh", "-c", "read x; exit 7"), List.of(), new int[] {pipe[0], 1, 2});
            Syscalls.closeQuietly(pipe[0]);
            assertEquals(Optional.empty(), Syscalls.waitpidNoHang(pid));
            Syscalls.closeQuietly(pipe[1]);
            Optional<WaitStatus> status = Optional.empty();
            for (int i = 0; i < 500 && status.isEmpty(); i++) {
                Thread.sleep(10);
                status = Syscalls.waitpidNoHang(pid);
            }
            assertTrue(status.isPresent(), "the child did not end");
            assertEquals(7, status.get().exitCode());
        } finally {
            Syscalls.closeQuietly(pipe[0]);
            Syscalls.closeQuietly(pipe[1]);
        }
    }
}
