package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import crate.api.spec.Process;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's --security-opt apparmor= and label= forms turned into process.apparmorProfile and selinuxLabel. */
class SecurityOptFlagsTest {
    private static Process apply(String... options) throws CrateException {
        SecurityOptFlags flags = new SecurityOptFlags();
        flags.options = new ArrayList<>(List.of(options));
        return flags.apply(DefaultSpec.of(List.of("sh"), "/", false)).process();
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
        assertEquals("--security-opt no-new-privileges: unknown option (crate knows apparmor=... and label=...)",
                assertThrows(CrateException.class, () -> apply("no-new-privileges")).getMessage());
    }
}
