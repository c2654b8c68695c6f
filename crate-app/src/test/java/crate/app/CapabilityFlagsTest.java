package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxCapabilities;
import crate.api.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's rules for --cap-add, --cap-drop and --privileged over its 14 defaults. */
class CapabilityFlagsTest {
    private static final long ALL40 = (1L << 41) - 1;

    private static CapabilityFlags flags(List<String> add, List<String> drop, boolean privileged) {
        CapabilityFlags flags = new CapabilityFlags();
        flags.add = new ArrayList<>(add);
        flags.drop = new ArrayList<>(drop);
        flags.privileged = privileged;
        return flags;
    }

    @Test
    void dockersFourteenByDefault() throws CrateException {
        List<String> caps = flags(List.of(), List.of(), false).capabilities(ALL40);
        assertEquals(14, caps.size());
        assertEquals(DefaultSpec.DOCKER_CAPABILITIES, caps);
        assertTrue(caps.containsAll(List.of("CAP_CHOWN", "CAP_NET_RAW", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE")));
        assertFalse(caps.contains("CAP_SYS_ADMIN"));
    }

    @Test
    void dropThenAddWithOrWithoutPrefixInAnyCase() throws CrateException {
        List<String> caps = flags(List.of("sys_ptrace", "CAP_NET_ADMIN"), List.of("NET_RAW", "cap_chown"), false)
                .capabilities(ALL40);
        assertEquals(14, caps.size());
        assertFalse(caps.contains("CAP_NET_RAW") || caps.contains("CAP_CHOWN"));
        assertTrue(caps.containsAll(List.of("CAP_SYS_PTRACE", "CAP_NET_ADMIN")));
    }

    @Test
    void dropAllLeavesOnlyTheAddedOnes() throws CrateException {
        assertEquals(List.of("CAP_NET_BIND_SERVICE"), flags(List.of("NET_BIND_SERVICE"), List.of("ALL"), false).capabilities(ALL40));
        assertEquals(List.of(), flags(List.of(), List.of("all"), false).capabilities(ALL40));
    }

    @Test
    void addAllIsEveryCapabilityOfTheKernelButTheDroppedOnes() throws CrateException {
        List<String> caps = flags(List.of("ALL"), List.of("SYS_ADMIN"), false).capabilities(ALL40);
        assertEquals(40, caps.size());
        assertFalse(caps.contains("CAP_SYS_ADMIN"));
        assertEquals(38, flags(List.of("ALL"), List.of(), false).capabilities((1L << 38) - 1).size());
        // crate without CAP_SYS_RESOURCE (24), as on a host that took it away: ALL is what crate can give.
        List<String> held = flags(List.of(), List.of(), true).capabilities(ALL40 & ~(1L << 24));
        assertEquals(40, held.size());
        assertFalse(held.contains("CAP_SYS_RESOURCE"));
    }

    @Test
    void privilegedIsEveryCapabilityNoSeccompAndNoMaskedPaths() throws CrateException {
        CapabilityFlags privileged = flags(List.of(), List.of("ALL"), true);
        assertEquals(41, privileged.capabilities(ALL40).size());
        Spec spec = privileged.apply(DefaultSpec.of(List.of("sh"), "/", false));
        assertNull(spec.linux().seccomp());
        assertEquals(List.of(), spec.linux().maskedPaths());
        assertEquals(List.of(), spec.linux().readonlyPaths());
    }

    @Test
    void theSetsAreDockers() throws CrateException {
        Spec spec = flags(List.of(), List.of(), false).apply(DefaultSpec.of(List.of("sh"), "/", false));
        LinuxCapabilities caps = spec.process().capabilities();
        assertEquals(DefaultSpec.DOCKER_CAPABILITIES, caps.bounding());
        assertEquals(caps.bounding(), caps.effective());
        assertEquals(caps.bounding(), caps.permitted());
        assertEquals(List.of(), caps.inheritable());
        assertEquals(List.of(), caps.ambient());
        assertEquals(DefaultSpec.MASKED_PATHS, spec.linux().maskedPaths());
    }

    @Test
    void anUnknownNameIsAnErrorNamingIt() {
        CrateException e = assertThrows(CrateException.class,
                () -> flags(List.of("NET_RAWR"), List.of(), false).capabilities(ALL40));
        assertEquals("--cap-add NET_RAWR: unknown capability (known: CHOWN to CHECKPOINT_RESTORE, or ALL; see capabilities(7))",
                e.getMessage());
        e = assertThrows(CrateException.class, () -> flags(List.of(), List.of("CAP_"), false).capabilities(ALL40));
        assertTrue(e.getMessage().startsWith("--cap-drop CAP_: unknown capability"), e.getMessage());
    }
}
