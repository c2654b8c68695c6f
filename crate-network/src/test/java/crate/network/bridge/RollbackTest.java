package crate.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {

    @Test
    void aFailingStepUndoesTheEarlierOnesLastFirstAndIsNamed() throws CrateException {
        List<String> log = new ArrayList<>();
        Rollback rollback = new Rollback("network bridge: container c");
        assertEquals("10.88.0.2", rollback.run("lease", () -> "10.88.0.2"));
        rollback.onFailure("release", () -> log.add("release"));
        rollback.run("veth", () -> log.add("veth"));
        rollback.onFailure("delete veth", () -> log.add("delete veth"));
        CrateException e = assertThrows(CrateException.class, () -> rollback.run("firewall", () -> {
            throw new IOException("nft: no such table");
        }));
        assertEquals("network bridge: container c: firewall failed: nft: no such table", e.getMessage());
        assertEquals(List.of("veth", "delete veth", "release"), log);
    }

    @Test
    void aFailingUndoIsKeptAndTheOthersStillRun() {
        List<String> log = new ArrayList<>();
        Rollback rollback = new Rollback("p");
        rollback.onFailure("first", () -> log.add("first"));
        rollback.onFailure("second", () -> {
            throw new CrateException("busy");
        });
        CrateException e = assertThrows(CrateException.class, () -> rollback.run("third", () -> {
            throw new IllegalStateException("broken");
        }));
        assertEquals("p: third failed: broken", e.getMessage());
        assertEquals(List.of("first"), log);
        assertEquals(1, e.getSuppressed().length);
        assertEquals("undo: second failed: busy", e.getSuppressed()[0].getMessage());
    }

    @Test
    void undoesNothingTwice() {
        List<String> log = new ArrayList<>();
        Rollback rollback = new Rollback("p");
        rollback.onFailure("one", () -> log.add("one"));
        assertThrows(CrateException.class, () -> rollback.run("a", () -> {
            throw new CrateException("x");
        }));
        assertThrows(CrateException.class, () -> rollback.run("b", () -> {
            throw new CrateException("y");
        }));
        assertEquals(List.of("one"), log);
    }
}
