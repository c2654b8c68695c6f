package crate.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VethNameTest {

    @Test
    void fitsAnInterfaceNameAndDependsOnTheIdAlone() {
        String longId = "x".repeat(1024);
        for (String id : new String[] {"a", "br-1", longId}) {
            String name = VethName.of(id);
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 15, name);
            assertTrue(name.matches("veth[0-9a-f]{11}"), name);
            assertEquals(name, VethName.of(id), "a later process derives the same name");
        }
    }

    @Test
    void differsBetweenIdsThatShareAPrefix() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            names.add(VethName.of("br-" + i));
        }
        assertEquals(10_000, names.size());
        assertNotEquals(VethName.of("br-1"), VethName.of("br-1 "));
    }
}
