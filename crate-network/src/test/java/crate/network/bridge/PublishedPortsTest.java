package crate.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishedPortsTest {

    @Test
    void parsesOneValuePerLineAndSkipsBlankLines() throws CrateException {
        PublishedPorts ports = PublishedPorts.parse("8080:80\n\n127.0.0.1:9000-9001:90-91/udp\n");
        assertEquals(List.of("8080:80", "127.0.0.1:9000-9001:90-91/udp"), ports.specs());
        assertEquals(3, ports.mappings().size());
        assertEquals("8080:80\n127.0.0.1:9000-9001:90-91/udp", ports.lines());
        assertTrue(PublishedPorts.parse(null).isEmpty());
        assertTrue(PublishedPorts.parse("").isEmpty());
    }

    @Test
    void aMalformedValueIsNamed() {
        CrateException e = assertThrows(CrateException.class, () -> PublishedPorts.parse("8080:80\n80:http"));
        assertTrue(e.getMessage().startsWith("-p 80:http: invalid port mapping \"80:http\""), e.getMessage());
        e = assertThrows(CrateException.class, () -> PublishedPorts.parse("70000:80"));
        assertTrue(e.getMessage().contains("70000"), e.getMessage());
    }

    @Test
    void theSameHostPortTwiceInOneContainerIsRefused() {
        CrateException e = assertThrows(CrateException.class, () -> PublishedPorts.parse("8080:80\n8079-8081:81-83"));
        assertEquals("-p 8079-8081:81-83: host port 0.0.0.0:8080/tcp is published twice", e.getMessage());
    }

    @Test
    void conflictsNeedTheSameProtocolAndPortAndOverlappingAddresses() throws CrateException {
        PublishedPorts any = PublishedPorts.parse("8080:80");
        assertEquals(Optional.of("host port 127.0.0.1:8080/tcp"), any.conflictWith(PublishedPorts.parse("127.0.0.1:8080:81")));
        assertEquals(Optional.of("host port 0.0.0.0:8080/tcp"), any.conflictWith(PublishedPorts.parse("8080:81")));
        assertFalse(any.conflictWith(PublishedPorts.parse("8080:80/udp")).isPresent());
        assertFalse(any.conflictWith(PublishedPorts.parse("8081:80")).isPresent());
        PublishedPorts local = PublishedPorts.parse("127.0.0.1:8080:80");
        assertFalse(local.conflictWith(PublishedPorts.parse("127.0.0.2:8080:80")).isPresent());
        assertFalse(any.conflictWith(PublishedPorts.NONE).isPresent());
    }
}
