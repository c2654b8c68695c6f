package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import crate.api.spec.Process;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's --security-opt apparmor= and label= forms turned into process.apparmorProfile and selinuxLabel. */
class SecurityOptFlagsTest {
    private static Process apply(String... options) throws CrateException {
        return SecurityOptFlags.apply(DefaultSpec.of(List.of("sh"), "/", false), List.of(options)).process();
    }

    @Test
    void noneByDefault() throws CrateException {
        Process process = apply();
        assertNull(process.apparmorProfile());
        assertNull(process.selinuxLabel());
    }

    @Test
    void apparmorProfileOrUnconfined() throws CrateException {
        assertEquals("docker-default", apply("apparmor=docker-default").apparmorProfile());
        assertNull(apply("apparmor=docker-default", "apparmor=unconfined").apparmorProfile());
    }

    @Test
    void labelPartsOverDockersDefault() throws CrateException {
        assertEquals("system_u:system_r:spc_t:s0", apply("label=type:spc_t").selinuxLabel());
        assertEquals("u:r:spc_t:s0:c1,c2", apply("label=level:s0:c1,c2", "label=user:u", "label=role:r", "label=type:spc_t")
                .selinuxLabel());
        assertNull(apply("label=type:spc_t", "label=disable").selinuxLabel());
    }

    @Test
    void malformedOptionsAreErrors() {
        assertEquals("--security-opt label=colour:red: expected label=user:USER, role:ROLE, type:TYPE, level:LEVEL or disable",
                assertThrows(CrateException.class, () -> apply("label=colour:red")).getMessage());
        assertEquals("--security-opt label=type:: expected label=user:USER, role:ROLE, type:TYPE, level:LEVEL or disable",
                assertThrows(CrateException.class, () -> apply("label=type:")).getMessage());
        assertEquals("--security-opt apparmor: expected apparmor=PROFILE or apparmor=unconfined",
                assertThrows(CrateException.class, () -> apply("apparmor")).getMessage());
        assertEquals("--security-opt labels: unknown option (expected apparmor=..., label=... or seccomp=...)",
                assertThrows(CrateException.class, () -> apply("labels")).getMessage());
    }

    @Test
    void seccompOptionsAreLeftToSeccompOption() throws CrateException {
        assertNull(apply("seccomp=unconfined").apparmorProfile());
        assertEquals(List.of("seccomp=unconfined", "x"),
                SecurityOptFlags.seccompOptions(List.of("apparmor=p", "seccomp=unconfined", "label=disable", "x")));
    }
}
