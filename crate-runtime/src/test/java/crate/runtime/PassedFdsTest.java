package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassedFdsTest {
    @TempDir Path dir;

    @Test
    void listenFdsCountOnlyForThisProcess() {
        assertEquals(2, PassedFds.listenFds(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42"), 42));
        assertEquals(0, PassedFds.listenFds(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "41"), 42));
        assertEquals(0, PassedFds.listenFds(Map.of("LISTEN_FDS", "2"), 42));
        assertEquals(0, PassedFds.listenFds(Map.of("LISTEN_FDS", "x", "LISTEN_PID", "42"), 42));
        assertEquals(0, PassedFds.listenFds(Map.of("LISTEN_FDS", "-3", "LISTEN_PID", "42"), 42));
        assertEquals(0, PassedFds.listenFds(Map.of(), 42));
    }

    @Test
    void listenFdsComeFirstThenThePreservedOnes() {
        PassedFds passed = new PassedFds(2, 1);
        assertEquals(3, passed.count());
        assertArrayEquals(new int[] {3, 4, 5}, passed.fds());
        assertArrayEquals(new int[0], PassedFds.NONE.fds());
    }

    @Test
    void theProcessIsToldAboutItsListenFdsAsPidOne() {
        List<String> env = List.of("PATH=/bin", "LISTEN_FDS=9", "LISTEN_PID=77");
        assertEquals(List.of("PATH=/bin", "LISTEN_FDS=2", "LISTEN_PID=1"), new PassedFds(2, 3).environment(env));
        assertEquals(env, new PassedFds(0, 3).environment(env));
    }

    @Test
    void negativeCountsAreRefused() {
        CrateException e = assertThrows(CrateException.class, () -> PassedFds.of(-1, false, Map.of(), 1));
        assertEquals("--preserve-fds -1: must be 0 or more", e.getMessage());
    }

    @Test
    void everyFdMustBeOpenAndNotTheJvmsOwn() throws Exception {
        Path fdDir = Files.createDirectories(dir.resolve("fd"));
        Path javaHome = dir.resolve("jdk");
        Files.createSymbolicLink(fdDir.resolve("3"), Path.of("/srv/socket"));
        Files.createSymbolicLink(fdDir.resolve("4"), javaHome.resolve("lib/modules"));
        new PassedFds(0, 1).check(fdDir, javaHome);

        CrateException own = assertThrows(CrateException.class, () -> new PassedFds(0, 2).check(fdDir, javaHome));
        assertEquals("--preserve-fds 2: fd 4 is not open (its number went to the JVM's own " + javaHome.resolve("lib/modules")
                + "; open the fds to pass, from 3 on, before crate starts)", own.getMessage());
        CrateException closed = assertThrows(CrateException.class, () -> new PassedFds(1, 4).check(fdDir, javaHome));
        // The LISTEN_FDS one (3) is fine; the first preserved one (4) is the JVM's.
        assertTrue(closed.getMessage().startsWith("--preserve-fds 4: fd 4 is not open"), closed.getMessage());
    }

    @Test
    void aMissingFdIsNamed() throws Exception {
        Path fdDir = Files.createDirectories(dir.resolve("fd"));
        CrateException e = assertThrows(CrateException.class, () -> new PassedFds(1, 0).check(fdDir, dir.resolve("jdk")));
        assertEquals("LISTEN_FDS=1: fd 3 is not open (open the fds to pass, from 3 on, before crate starts)", e.getMessage());
    }
}
