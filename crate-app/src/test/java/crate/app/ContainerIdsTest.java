package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import org.junit.jupiter.api.Test;

class ContainerIdsTest {

    private static String failure(String id) {
        return assertThrows(CrateException.class, () -> ContainerIds.check(id), id).getMessage();
    }

    @Test
    void validIdsAreReturned() throws CrateException {
        for (String id : new String[] {"a", "0", "web", "my-app_1.2+3", "ABC", "a.", "a..b", "x".repeat(1024)}) {
            assertEquals(id, ContainerIds.check(id));
        }
    }

    @Test
    void emptyIsAnError() {
        assertEquals("container ID is empty", failure(""));
        assertEquals("container ID is empty", failure(null));
    }

    @Test
    void invalidIdsAreErrors() {
        for (String id : new String[] {"a/b", "/a", "..", ".", ".hidden", "-rf", "_a", "+a", "a b", "a:b", "é", "a\n",
                "x".repeat(1025)}) {
            assertEquals("invalid container ID \"" + id + "\": use letters, digits and _ + . -"
                    + " (starting with a letter or digit, at most 1024 characters)", failure(id));
        }
    }
}
