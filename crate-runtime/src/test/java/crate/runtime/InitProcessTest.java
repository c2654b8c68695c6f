package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
