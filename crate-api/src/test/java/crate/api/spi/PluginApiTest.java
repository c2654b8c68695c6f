package crate.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginApiTest {

    @Test
    void theSameVersionAndOlderMinorsRun() {
        assertEquals("2.0", PluginApi.VERSION, "the examples' manifests and the README say 2.0: change them along");
        assertEquals(Optional.empty(), PluginApi.incompatibility("2.0"));
        assertEquals(Optional.empty(), PluginApi.incompatibility(" 2.0 "));
    }

    @Test
    void anotherMajorOrANewerMinorIsRefused() {
        assertEquals(Optional.of("it is built for crate plugin API 3.0, this crate has 2.0"), PluginApi.incompatibility("3.0"));
        assertEquals(Optional.of("it is built for crate plugin API 1.0, this crate has 2.0"), PluginApi.incompatibility("1.0"));
        assertEquals(Optional.of("it is built for crate plugin API 2.1, this crate has 2.0"), PluginApi.incompatibility("2.1"));
    }

    @Test
    void noVersionOrAMalformedOneIsRefused() {
        assertTrue(PluginApi.incompatibility(null).orElseThrow().contains("Crate-Plugin-Api: 2.0"));
        assertTrue(PluginApi.incompatibility("").orElseThrow().contains("does not say"));
        for (String bad : new String[] {"1", "1.0.0", "one.zero", "1.-1", "-1.0"}) {
            assertEquals(Optional.of("Crate-Plugin-Api \"" + bad + "\" is not a version MAJOR.MINOR"),
                    PluginApi.incompatibility(bad), bad);
        }
    }
}
