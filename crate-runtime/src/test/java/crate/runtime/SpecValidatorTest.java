package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import crate.api.spec.Hook;
import crate.api.spec.Hooks;
import crate.api.spec.Linux;
import crate.api.spec.LinuxCapabilities;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.linux.Lsm;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
    private static final Process PROCESS = new Process(false, null, List.of("sh"), List.of(), "/", false);
    private static final Root ROOT = new Root("rootfs", false);
    private static final Linux LINUX = new Linux(List.of(new LinuxNamespace("mount", null)), null, null, null, null, null);
    private static final Spec VALID = new Spec("1.2.0", PROCESS, ROOT, null, null,
            List.of(new Mount("/proc", "proc", "proc", null)), LINUX, null);

    private static String failure(Spec spec) {
        CrateException e = assertThrows(CrateException.class, () -> SpecValidator.validate(spec, "b/config.json"));
        assertEquals(CrateException.RUNTIME_ERROR, e.exitStatus());
        return e.getMessage();
    }

    private static Spec withVersion(String version) {
        return new Spec(version, PROCESS, ROOT, null, null, List.of(), LINUX, null);
    }

    private static Spec withMounts(Mount... mounts) {
        return new Spec("1.2.0", PROCESS, ROOT, null, null, List.of(mounts), LINUX, null);
    }

    @Test
    void acceptsAValidSpec() {
        assertDoesNotThrow(() -> SpecValidator.validate(VALID, "b/config.json"));
        assertDoesNotThrow(() -> SpecValidator.validate(withVersion("1.0.2-dev"), "b/config.json"));
    }

    @Test
    void ociVersionIsRequired() {
        assertEquals("b/config.json: ociVersion is missing", failure(withVersion(null)));
        assertEquals("b/config.json: ociVersion is missing", failure(withVersion("  ")));
    }

    @Test
    void ociVersionMustBe1x() {
        assertEquals("b/config.json: ociVersion 2.0.0 is not supported (crate implements 1.x)", failure(withVersion("2.0.0")));
        assertEquals("b/config.json: ociVersion 0.9 is not supported (crate implements 1.x)", failure(withVersion("0.9")));
    }

    @Test
    void processIsRequired() {
        assertEquals("b/config.json: process is missing", failure(VALID.withProcess(null)));
    }

    @Test
    void processArgsMustNameACommand() {
        String expected = "b/config.json: process.args is empty: there is no command to run";
        assertEquals(expected, failure(VALID.withProcess(PROCESS.withArgs(List.of()))));
        assertEquals(expected, failure(VALID.withProcess(PROCESS.withArgs(List.of("", "x")))));
    }

    @Test
    void cwdMustBeAbsolute() {
        assertEquals("b/config.json: process.cwd must be an absolute path, not \"tmp\"",
                failure(VALID.withProcess(PROCESS.withCwd("tmp"))));
        assertDoesNotThrow(() -> SpecValidator.validate(VALID.withProcess(PROCESS.withCwd(null)), "b/config.json"));
    }

    @Test
    void rootPathIsRequired() {
        assertEquals("b/config.json: root.path is missing", failure(VALID.withRoot(null)));
        assertEquals("b/config.json: root.path is missing", failure(VALID.withRoot(new Root(null, true))));
    }

    @Test
    void mountDestinationMustBeAbsolute() {
        assertEquals("b/config.json: mounts[1].destination must be an absolute path, not \"dev\"",
                failure(withMounts(new Mount("/proc", "proc", "proc", null), new Mount("dev", "tmpfs", "tmpfs", null))));
        assertEquals("b/config.json: mounts[0].destination must be an absolute path, not missing",
                failure(withMounts(new Mount(null, "tmpfs", "tmpfs", null))));
    }

    @Test
    void namespacesAreChecked() {
        Linux bad = new Linux(List.of(new LinuxNamespace("user", null)), null, null, null, null, null);
        Spec spec = new Spec("1.2.0", PROCESS, ROOT, null, null, List.of(), bad, null);
        assertEquals("b/config.json: linux.namespaces[0]: user namespaces are not supported yet", failure(spec));
    }

    private static Spec withHooks(Hooks hooks) {
        return VALID.withHooks(hooks);
    }

    @Test
    void hookPathsMustBeAbsoluteAndTimeoutsPositive() {
        assertDoesNotThrow(() -> SpecValidator.validate(withHooks(new Hooks(List.of(new Hook("/bin/true", null, null, 1)),
                null, null, null, null, null)), "b/config.json"));
        assertEquals("b/config.json: hooks.createContainer[1].path must be an absolute path, not \"bin/hook\"",
                failure(withHooks(new Hooks(null, null, List.of(new Hook("/ok", null, null, null),
                        new Hook("bin/hook", null, null, null)), null, null, null))));
        assertEquals("b/config.json: hooks.poststop[0].path is missing",
                failure(withHooks(new Hooks(null, null, null, null, null, List.of(new Hook(null, null, null, null))))));
        assertEquals("b/config.json: hooks.prestart[0].timeout must be greater than zero, not 0",
                failure(withHooks(new Hooks(List.of(new Hook("/h", null, null, 0)), null, null, null, null, null))));
    }

    @Test
    void capabilityNamesMustBeKnown() {
        Process known = PROCESS.withCapabilities(new LinuxCapabilities(List.of("CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"),
                List.of("CAP_CHOWN"), null, List.of("CAP_CHOWN"), null));
        assertDoesNotThrow(() -> SpecValidator.validate(VALID.withProcess(known), "b/config.json"));
        Process unknown = PROCESS.withCapabilities(new LinuxCapabilities(null, null, List.of("CAP_CHOWN", "NET_RAW"), null,
                null));
        assertEquals("b/config.json: process.capabilities.inheritable: unknown capability \"NET_RAW\" "
                + "(known: CAP_CHOWN to CAP_CHECKPOINT_RESTORE)", failure(VALID.withProcess(unknown)));
    }

    @Test
    void lsmLabelsNeedTheModuleOnTheHost() throws CrateException {
        Process labelled = PROCESS.withLsmLabels("docker-default", "system_u:system_r:container_t:s0");
        CrateException apparmor = assertThrows(CrateException.class,
                () -> SpecValidator.validateLsmLabels(labelled, null, "b/config.json", lsm -> false));
        assertEquals("b/config.json: process.apparmorProfile \"docker-default\": AppArmor is not enabled on this host "
                + "(no /sys/kernel/security/apparmor), so the label cannot be applied", apparmor.getMessage());
        CrateException selinux = assertThrows(CrateException.class,
                () -> SpecValidator.validateLsmLabels(labelled, null, "b/config.json", lsm -> lsm == Lsm.APPARMOR));
        assertEquals("b/config.json: process.selinuxLabel \"system_u:system_r:container_t:s0\": SELinux is not enabled "
                + "on this host (no /sys/fs/selinux), so the label cannot be applied", selinux.getMessage());
        SpecValidator.validateLsmLabels(labelled, null, "b/config.json", lsm -> true);
        SpecValidator.validateLsmLabels(PROCESS.withLsmLabels("", null), "", "b/config.json", lsm -> false);
        CrateException mount = assertThrows(CrateException.class,
                () -> SpecValidator.validateLsmLabels(PROCESS, "system_u:object_r:container_file_t:s0", "b", lsm -> true));
        assertEquals("b: linux.mountLabel \"system_u:object_r:container_file_t:s0\": crate does not label mounts yet",
                mount.getMessage());
    }
}
