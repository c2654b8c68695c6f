package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import crate.api.CrateException;
import crate.api.spi.CgroupManager;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.api.spi.NetworkDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each kind of plugin is loaded at its first use, once, and not before. */
class PluginsTest {
    private final List<String> loads = new ArrayList<>();
    private final CgroupManager manager = mock(CgroupManager.class);

    private static Isolator isolator(String name, int order) {
        Isolator isolator = mock(Isolator.class);
        when(isolator.name()).thenReturn(name);
        when(isolator.order()).thenReturn(order);
        return isolator;
    }

    private static Filesystem filesystem(String name) {
        Filesystem filesystem = mock(Filesystem.class);
        when(filesystem.name()).thenReturn(name);
        return filesystem;
    }

    private Plugins plugins(List<Isolator> isolators) {
        return Plugins.loading(() -> {
            loads.add("isolators");
            return isolators;
        }, () -> {
            loads.add("filesystems");
            return List.of(filesystem("bundle"), filesystem("image"));
        }, () -> {
            loads.add("networks");
            return List.<NetworkDriver>of();
        }, () -> {
            loads.add("cgroups");
            return Optional.of(manager);
        });
    }

    @Test
    void nothingIsLoadedUntilUsedAndEachKindOnce() throws CrateException {
        Plugins plugins = plugins(List.of());
        assertEquals(List.of(), loads);
        assertEquals("image", plugins.filesystem("image").name());
        plugins.filesystem("bundle");
        assertEquals(List.of("filesystems"), loads);
        assertSame(manager, plugins.cgroups().orElseThrow());
        plugins.cgroups();
        assertEquals(List.of("filesystems", "cgroups"), loads);
    }

    @Test
    void isolatorsAreInOrderThenByName() throws CrateException {
        Isolator late = isolator("late", 900);
        Isolator b = isolator("b", 500);
        Isolator a = isolator("a", 500);
        Isolator early = isolator("early", 100);
        assertEquals(List.of(early, a, b, late), plugins(List.of(late, b, a, early)).isolators());
    }

    @Test
    void theCgroupParentIsGivenAtTheManagersFirstUseWhereARefusalSurfaces() throws CrateException {
        when(manager.withDefaultParent("bad/..")).thenThrow(new CrateException("no such parent"));
        Plugins plugins = plugins(List.of()).withCgroupParent("bad/..");
        assertEquals(List.of(), loads);
        assertEquals("no such parent", assertThrows(CrateException.class, plugins::cgroups).getMessage());
    }

    @Test
    void theNetworkSettingsAreGivenAtTheDriversFirstUse() throws CrateException {
        Plugins plugins = plugins(List.of()).withNetworkSettings(null);
        assertEquals(List.of(), loads);
        CrateException e = assertThrows(CrateException.class, () -> plugins.network("bridge:x"));
        assertEquals("--network bridge: no such network driver (installed: )", e.getMessage());
        assertEquals(List.of("networks"), loads);
    }
}
