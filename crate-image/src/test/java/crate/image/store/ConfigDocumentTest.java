package crate.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDocumentTest {
    private static final String ID = "sha256:" + "b".repeat(64);

    @Test
    void parsesWhatAContainerNeeds() throws CrateException {
        String json = """
                {"created":"2024-05-01T10:00:00.5Z","architecture":"arm64","variant":"v8","os":"linux",
                 "config":{"Entrypoint":["/bin/sh","-c"],"Cmd":["echo hi"],"Env":["PATH=/bin"],"WorkingDir":"/w",
                           "User":"1000:1000","ExposedPorts":{"80/tcp":{},"53/udp":{}},"Labels":{"a":"b"}},
                 "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(ID);
        ConfigDocument doc = ConfigDocument.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("/bin/sh", "-c"), doc.config().entrypoint());
        assertEquals(List.of("echo hi"), doc.config().cmd());
        assertEquals(List.of("PATH=/bin"), doc.config().env());
        assertEquals("/w", doc.config().workingDir());
        assertEquals("1000:1000", doc.config().user());
        assertEquals(List.of("80/tcp", "53/udp"), doc.config().exposedPorts());
        assertEquals(Map.of("a", "b"), doc.config().labels());
        assertEquals("arm64", doc.config().architecture());
        assertEquals("v8", doc.config().variant());
        assertEquals(Instant.parse("2024-05-01T10:00:00.5Z"), doc.created());
        assertEquals(List.of(ID), doc.diffIds());
    }

    @Test
    void refusesWhatIsNoImageConfiguration() {
        assertThrows(CrateException.class, () -> ConfigDocument.parse("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CrateException.class, () -> ConfigDocument.parse("{".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CrateException.class, () -> ConfigDocument.parse(
                "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:../x\"]}}".getBytes(StandardCharsets.UTF_8)));
    }
}
