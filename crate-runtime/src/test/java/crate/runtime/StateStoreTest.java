package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir Path root;

    private static ContainerState state(String id, int pid) {
        Spec spec = new Spec("1.2.0", new Process(false, null, List.of("true"), List.of(), "/", false),
                new Root("rootfs", false), null, null, List.of(), null, Map.of("a", "b"));
        return new ContainerState(id, pid, 42, "/b", "/b/rootfs", "2026-01-01T00:00:00Z", "root",
                new ContainerContext(id, "/b", spec, "bundle"));
    }

    @Test
    void writesAndReadsBackTheSameState() throws CrateException {
        StateStore store = new StateStore(root);
        store.create("c1");
        store.write(state("c1", 7));
        assertEquals(state("c1", 7), store.read("c1"));
        assertEquals(Map.of("a", "b"), store.read("c1").annotations());
        assertFalse(Files.exists(root.resolve("c1/state.json.tmp")), "the temporary file stays");
    }

    @Test
    void anIdIsTakenOnce() throws CrateException {
        StateStore store = new StateStore(root);
        store.create("c1");
        CrateException e = assertThrows(CrateException.class, () -> store.create("c1"));
        assertEquals("container c1 already exists", e.getMessage());
    }

    @Test
    void unknownIdsDoNotExist() {
        StateStore store = new StateStore(root);
        assertEquals("container nope does not exist", assertThrows(CrateException.class, () -> store.read("nope")).getMessage());
        assertEquals("container nope does not exist", assertThrows(CrateException.class, () -> store.lock("nope")).getMessage());
    }

    @Test
    void listsOnlyDirectoriesWithAStateSortedAndRemovesIdempotently() throws CrateException {
        StateStore store = new StateStore(root);
        assertEquals(List.of(), new StateStore(root.resolve("missing")).ids());
        for (String id : List.of("b", "a", "half")) {
            store.create(id);
        }
        store.write(state("b", 1));
        store.write(state("a", 2));
        assertEquals(List.of("a", "b"), store.ids());
        store.remove("a");
        store.remove("a");
        assertEquals(List.of("b"), store.ids());
        assertTrue(Files.isDirectory(root.resolve("half")));
    }

    @Test
    void aLockIsExclusiveAcrossChannels() throws Exception {
        StateStore store = new StateStore(root);
        store.create("c1");
        try (StateStore.Lock held = store.lock("c1")) {
            try (var other = java.nio.channels.FileChannel.open(root.resolve("c1/lock"), java.nio.file.StandardOpenOption.WRITE)) {
                assertThrows(java.nio.channels.OverlappingFileLockException.class, other::tryLock);
            }
        }
    }
}
