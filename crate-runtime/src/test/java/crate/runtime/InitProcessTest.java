package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InitProcessTest {
    @Test
    void thisProcessIsAliveWithItsOwnStartTimeOnly() {
        int pid = (int) ProcessHandle.current().pid();
        long startTime = InitProcess.startTime(pid).orElseThrow();
        assertTrue(InitProcess.alive(pid, startTime));
        assertFalse(InitProcess.alive(pid, startTime + 1), "a recycled pid must not count as the same process");
        assertFalse(InitProcess.alive(0, startTime));
    }

    @Test
    void anEndedProcessIsNotAlive() throws Exception {
        Process child = new ProcessBuilder("true").start();
        int pid = (int) child.pid();
        long startTime = InitProcess.startTime(pid).orElse(0L);
        child.waitFor();
        Thread.sleep(50);
        assertFalse(InitProcess.alive(pid, startTime));
    }

    /**
     * A JVM that execs from a thread other than its leader (init into the start gate) is
     * alive at every instant of the hand-over of its pid, which the runtime polls meanwhile.
     */
    @Test
    void aJvmExecingFromAThreadIsAliveThroughout() throws Exception {
        for (int round = 0; round < 5; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ExecFromThread.class.getName(), "300")
                    .redirectErrorStream(true).start();
            try {
                int pid = (int) child.pid();
                long startTime = InitProcess.startTime(pid).orElseThrow();
                long deadline = System.nanoTime() + 20_000_000_000L;
                int afterExec = 0;
                while (afterExec < 2000 && System.nanoTime() < deadline) {
                    assertTrue(InitProcess.alive(pid, startTime), "round " + round + ": not alive while it execs");
                    assertEquals(startTime, InitProcess.startTime(pid).orElse(-1L), "round " + round + ": no start time");
                    if (comm(pid).equals("sleep")) {
                        afterExec++;
                    }
                }
                assertTrue(afterExec > 0, "the child never became sleep");
            } finally {
                child.destroyForcibly().waitFor();
            }
        }
    }

    private static String comm(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
