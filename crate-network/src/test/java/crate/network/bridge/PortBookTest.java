package crate.network.bridge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortBookTest {
    @TempDir Path dir;
    private final Set<String> alive = new HashSet<>(Set.of("br-a", "br-b"));

    @Test
    void aPortAnotherLivingContainerPublishesIsRefusedNamingIt() throws CrateException {
        PortBook book = new PortBook(dir);
        book.write("br-a", PublishedPorts.parse("8080:80\n9000:90/udp"));
        CrateException e = assertThrows(CrateException.class,
                () -> book.checkFree("br-b", PublishedPorts.parse("127.0.0.1:8080:80"), alive::contains));
        assertEquals("host port 127.0.0.1:8080/tcp is already published by container br-a (-p 8080:80, -p 9000:90/udp)",
                e.getMessage());
        assertDoesNotThrow(() -> book.checkFree("br-b", PublishedPorts.parse("9000:90"), alive::contains));
        assertDoesNotThrow(() -> book.checkFree("br-a", PublishedPorts.parse("8080:80"), alive::contains), "its own ports");
    }

    @Test
    void deadOrRemovedContainersNoLongerHoldTheirPorts() throws Exception {
        PortBook book = new PortBook(dir);
        book.write("br-a", PublishedPorts.parse("8080:80"));
        book.write("br-b", PublishedPorts.parse("8081:80"));
        book.remove("br-b");
        book.remove("br-b"); // twice is no error
        assertDoesNotThrow(() -> book.checkFree("br-c", PublishedPorts.parse("8081:80"), alive::contains));
        alive.remove("br-a");
        assertDoesNotThrow(() -> book.checkFree("br-c", PublishedPorts.parse("8080:80"), alive::contains));
        Files.writeString(dir.resolve("ports/.stray.tmp"), "half");
        book.reclaim(alive::contains);
        try (var files = Files.list(dir.resolve("ports"))) {
            assertEquals(0, files.count(), "dead br-a's record and the temp file are gone");
        }
    }

    @Test
    void noPortsWritesNoRecordAndLongIdsFitAFileName() throws CrateException {
        PortBook book = new PortBook(dir);
        book.write("br-a", PublishedPorts.NONE);
        assertFalse(Files.exists(dir.resolve("ports/br-a")));
        String longId = "l".repeat(1024);
        alive.add(longId);
        book.write(longId, PublishedPorts.parse("7000:70"));
        CrateException e = assertThrows(CrateException.class,
                () -> book.checkFree("br-a", PublishedPorts.parse("7000:70"), alive::contains));
        assertTrue(e.getMessage().contains("container " + longId), e.getMessage());
    }
}
