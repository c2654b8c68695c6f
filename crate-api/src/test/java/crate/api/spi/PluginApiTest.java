package crate.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginApiTest {

    @Test
    void theSameVersionAndOlderMinorsRun() {
        assertEquals("2.1", PluginApi.VERSION, "the README says 2.1: change it along");
        assertEquals(Optional.empty(), PluginApi.incompatibility("2.1"));
        assertEquals(Optional.empty(), PluginApi.incompatibility("2.0"), "the examples are built for 2.0");
        assertEquals(Optional.empty(), PluginApi.incompatibility(" 2.0 "));
    }

    @Test
    void anotherMajorOrANewerMinorIsRefused() {
        assertEquals(Optional.of("it is built for crate plugin API 3.0, this crate has 2.1"), PluginApi.incompatibility("3.0"));
        assertEquals(Optional.of("it is built for crate plugin API 1.0, this crate has 2.1"), PluginApi.incompatibility("1.0"));
        assertEquals(Optional.of("it is built for crate plugin API 2.2, this crate has 2.1"), PluginApi.incompatibility("2.2"));
    }

    @Test
    void noVersionOrAMalformedOneIsRefused() {
        assertTrue(PluginApi.incompatibility(null).orElseThrow().contains("Crate-Plugin-Api: 2.1"));
        assertTrue(PluginApi.incompatibility("").orElseThrow().contains("does not say"));
        for (String bad : new String[] {"1", "1.0.0", "one.zero", "1.-1", "-1.0"}) {
            assertEquals(Optional.of("Crate-Plugin-Api \"" + bad + "\" is not a version MAJOR.MINOR"),
                    PluginApi.incompatibility(bad), bad);
        }
    }
}
