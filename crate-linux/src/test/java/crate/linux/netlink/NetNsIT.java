package crate.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NetNs.inside and the tests' own guard, against the real kernel (root). */
class NetNsIT {
    private TestNetns netns;

    @BeforeEach
    void start() throws IOException {
        netns = TestNetns.start();
    }

    @AfterEach
    void stop() {
        netns.close();
    }

    @Test
    void runsInsideAndComesBack() throws Exception {
        String before = TestNetns.threadNetns();
        String seen = NetNs.inside(netns.path(), TestNetns::threadNetns);
        assertEquals(netns.id(), seen);
        assertNotEquals(before, seen);
        assertEquals(before, TestNetns.threadNetns());
    }

    @Test
    void comesBackWhenTheActionThrows() throws Exception {
        String before = TestNetns.threadNetns();
        IOException thrown = assertThrows(IOException.class, () -> NetNs.inside(netns.path(), () -> {
            throw new IOException("boom");
        }));
        assertEquals("boom", thrown.getMessage());
        assertEquals(before, TestNetns.threadNetns());
    }

    @Test
    void aSocketStaysInTheNamespaceItWasOpenedIn() throws Exception {
        try (RtNetlink inside = netns.openRtNetlink()) {
            // the holder's fresh namespace has only lo; the thread is back outside now
            assertEquals(1, inside.links().size());
            assertEquals("lo", inside.links().getFirst().name());
        }
    }

    @Test
    void aMissingNamespaceIsAClearErrorAndTheThreadStays() throws Exception {
        String before = TestNetns.threadNetns();
        Exception e = assertThrows(Exception.class, () -> NetNs.inside(Path.of("/proc/0/ns/net"), () -> "never"));
        assertEquals("open(/proc/0/ns/net): No such file or directory (ENOENT)", e.getMessage());
        assertEquals(before, TestNetns.threadNetns());
    }

    @Test
    void theGuardRefusesTheHostsNamespace() throws Exception {
        // this thread is in the JVM's namespace, the host's
        AssertionError e = assertThrows(AssertionError.class, TestNetns::assertNotDefaultNetns);
        assertEquals(true, e.getMessage().startsWith("refusing to change network state"), e.getMessage());
        assertEquals("passed", netns.inside(() -> {
            TestNetns.assertNotDefaultNetns();
            return "passed";
        }));
    }
}
