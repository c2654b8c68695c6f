package crate.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreezerTest {

    @Test
    void rewritesFrozenWhileFreezing() throws CrateException {
        FakeCgroupFiles dir = new FakeCgroupFiles().with("freezer.state", "THAWED")
                .reads("freezer.state", "FREEZING", "FREEZING", "FROZEN");
        Freezer.freeze(dir);
        assertEquals(List.of("freezer.state=FROZEN", "freezer.state=FROZEN", "freezer.state=FROZEN"), dir.writes);
        assertTrue(Freezer.frozen(dir));
    }

    @Test
    void givesUpAndThawsWhenStuck() {
        String[] freezing = Collections.nCopies(Freezer.ATTEMPTS, "FREEZING").toArray(String[]::new);
        FakeCgroupFiles dir = new FakeCgroupFiles().with("freezer.state", "THAWED").reads("freezer.state", freezing);
        CrateException e = assertThrows(CrateException.class, () -> Freezer.freeze(dir));
        assertTrue(e.getMessage().contains("still FREEZING"), e.getMessage());
        assertEquals("freezer.state=THAWED", dir.writes.getLast());
    }

    @Test
    void thaw() throws CrateException {
        FakeCgroupFiles dir = new FakeCgroupFiles().with("freezer.state", "FROZEN");
        Freezer.thaw(dir);
        assertFalse(Freezer.frozen(dir));
    }
}
