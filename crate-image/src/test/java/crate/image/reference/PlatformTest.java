package crate.image.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformTest {

    @Test
    void parsesAndPrints() throws CrateException {
        assertEquals("linux/amd64", Platform.parse("linux/amd64").toString());
        assertEquals("linux/arm64/v8", Platform.parse("linux/arm64").toString());
        assertEquals("linux/arm64/v8", Platform.parse("linux/arm64/v8").toString());
        assertEquals("linux/arm/v6", Platform.parse("linux/arm/v6").toString());
        assertEquals("linux/arm/v7", Platform.parse("linux/arm").toString());
        assertEquals("linux/amd64/v3", Platform.parse("linux/amd64/v3").toString());
        assertEquals("linux/amd64", Platform.parse("Linux/x86_64").toString());
        assertEquals("linux/arm64/v8", Platform.parse("linux/aarch64").toString());
    }

    @Test
    void refusesMalformed() {
        for (String bad : new String[] {"linux", "linux/", "/amd64", "linux/arm/v7/x", "linux/arm/"}) {
            CrateException e = assertThrows(CrateException.class, () -> Platform.parse(bad));
            assertEquals("invalid platform \"" + bad + "\": expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8",
                    e.getMessage());
        }
    }

    @Test
    void hostFromOsArch() throws CrateException {
        assertEquals(Platform.parse("linux/amd64"), Platform.fromJava("amd64"));
        assertEquals(Platform.parse("linux/arm64/v8"), Platform.fromJava("aarch64"));
        assertEquals(Platform.parse("linux/arm/v7"), Platform.fromJava("arm"));
        assertEquals(Platform.host(), Platform.parseOrHost(Optional.empty()));
    }

    @Test
    void matchesWithVariantNormalisation() throws CrateException {
        Platform arm64 = Platform.parse("linux/arm64");
        assertTrue(arm64.matches(new Platform("linux", "arm64", "v8")));
        assertTrue(arm64.matches(new Platform("linux", "arm64", "")));
        assertTrue(Platform.parse("linux/arm64/v8").matches(new Platform("linux", "arm64", null)));
        assertFalse(arm64.matches(new Platform("linux", "arm", "v8")));
        Platform armv7 = Platform.parse("linux/arm/v7");
        assertTrue(armv7.matches(new Platform("linux", "arm", "")));
        assertFalse(armv7.matches(new Platform("linux", "arm", "v6")));
        Platform amd64 = Platform.parse("linux/amd64");
        assertTrue(amd64.matches(new Platform("linux", "amd64", "v1")));
        assertFalse(amd64.matches(new Platform("linux", "amd64", "v3")));
        assertFalse(amd64.matches(new Platform("windows", "amd64", "")));
    }
}
