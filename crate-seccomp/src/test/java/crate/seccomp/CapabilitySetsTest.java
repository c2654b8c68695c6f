package crate.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxCapabilities;
import crate.linux.Capability;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resolving process.capabilities against a kernel: what is applied and what is warned about. */
class CapabilitySetsTest {
    private static final List<String> DEFAULTS = List.of("CAP_CHOWN", "CAP_NET_RAW", "CAP_KILL");

    @Test
    void noCapabilitiesMeansLeaveThemAlone() throws CrateException {
        assertEquals(Optional.empty(), CapabilitySets.of(null, 40));
    }

    @Test
    void resolvesEverySet() throws CrateException {
        CapabilitySets sets = CapabilitySets.of(new LinuxCapabilities(DEFAULTS, DEFAULTS, List.of("CAP_KILL"), DEFAULTS,
                List.of("CAP_KILL")), 40).orElseThrow();
        EnumSet<Capability> expected = EnumSet.of(Capability.CHOWN, Capability.NET_RAW, Capability.KILL);
        assertEquals(expected, sets.bounding());
        assertEquals(expected, sets.effective());
        assertEquals(expected, sets.permitted());
        assertEquals(EnumSet.of(Capability.KILL), sets.inheritable());
        assertEquals(EnumSet.of(Capability.KILL), sets.ambient());
        assertEquals(List.of(), sets.warnings());
    }

    @Test
    void emptySetsDropEverything() throws CrateException {
        CapabilitySets sets = CapabilitySets.of(new LinuxCapabilities(null, null, null, null, null), 40).orElseThrow();
        assertTrue(sets.bounding().isEmpty() && sets.effective().isEmpty() && sets.ambient().isEmpty());
    }

    @Test
    void capabilitiesTheKernelLacksAreSkippedWithAWarning() throws CrateException {
        List<String> names = List.of("CAP_CHOWN", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");
        CapabilitySets sets = CapabilitySets.of(new LinuxCapabilities(names, names, null, names, null), 38).orElseThrow();
        assertEquals(EnumSet.of(Capability.CHOWN), sets.bounding());
        assertEquals(EnumSet.of(Capability.CHOWN), sets.permitted());
        assertEquals(List.of(
                "process.capabilities.bounding: CAP_BPF, CAP_CHECKPOINT_RESTORE skipped: the running kernel's last capability is 38",
                "process.capabilities.effective: CAP_BPF, CAP_CHECKPOINT_RESTORE skipped: the running kernel's last capability is 38",
                "process.capabilities.permitted: CAP_BPF, CAP_CHECKPOINT_RESTORE skipped: the running kernel's last capability is 38"),
                sets.warnings());
    }

    /** runc spec's ambient set without inheritable ones (runc 1.1.2 on): the kernel would refuse to raise them. */
    @Test
    void ambientNeedsPermittedAndInheritable() throws CrateException {
        List<String> runc = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        CapabilitySets sets = CapabilitySets.of(new LinuxCapabilities(runc, runc, null, runc, runc), 40).orElseThrow();
        assertTrue(sets.ambient().isEmpty());
        assertEquals(List.of("process.capabilities.ambient: CAP_KILL, CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE not raised: "
                + "an ambient capability must be permitted and inheritable too"), sets.warnings());
    }

    @Test
    void capabilitiesCrateDoesNotHoldAreSkippedWithAWarning() throws CrateException {
        List<String> names = List.of("CAP_CHOWN", "CAP_SYS_RESOURCE");
        CapabilitySets sets = CapabilitySets.of(new LinuxCapabilities(names, names, null, names, null), 40,
                ~(1L << Capability.SYS_RESOURCE.number())).orElseThrow();
        assertEquals(EnumSet.of(Capability.CHOWN, Capability.SYS_RESOURCE), sets.bounding());
        assertEquals(EnumSet.of(Capability.CHOWN), sets.effective());
        assertEquals(EnumSet.of(Capability.CHOWN), sets.permitted());
        assertEquals(List.of("process.capabilities: CAP_SYS_RESOURCE skipped: crate itself does not hold it"),
                sets.warnings());
    }

    @Test
    void unknownNamesAreErrors() {
        CrateException e = assertThrows(CrateException.class, () -> CapabilitySets.of(
                new LinuxCapabilities(List.of("CAP_CHOWN", "CAP_FLY"), null, null, null, null), 40));
        assertEquals("config.json: process.capabilities.bounding: unknown capability \"CAP_FLY\"", e.getMessage());
    }

    @Test
    void effectiveMustBePermitted() {
        CrateException e = assertThrows(CrateException.class, () -> CapabilitySets.of(
                new LinuxCapabilities(DEFAULTS, DEFAULTS, null, List.of("CAP_CHOWN"), null), 40));
        assertEquals("config.json: process.capabilities.effective: CAP_KILL, CAP_NET_RAW not in "
                + "process.capabilities.permitted (an effective capability must be permitted)", e.getMessage());
    }
}
