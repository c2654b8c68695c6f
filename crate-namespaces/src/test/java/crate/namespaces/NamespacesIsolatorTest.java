package crate.namespaces;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import crate.api.spec.Linux;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link NamespacesIsolator#prepare} only: it validates, and touches nothing. */
class NamespacesIsolatorTest {
    private static final List<LinuxNamespace> MOUNT_AND_UTS =
            List.of(new LinuxNamespace("mount", null), new LinuxNamespace("uts", null));

    private static Spec spec(String hostname, String domainname, List<Mount> mounts, Linux linux) {
        Process process = new Process(false, null, List.of("sh"), List.of(), "/", false);
        return new Spec("1.2.0", process, new Root("rootfs", false), hostname, domainname, mounts, linux, Map.of());
    }

    private static Linux linux(List<LinuxNamespace> namespaces, String rootfsPropagation) {
        return new Linux(namespaces, rootfsPropagation, null, null, null, null);
    }

    private static void prepare(Spec spec) throws CrateException {
        new NamespacesIsolator().prepare(new ContainerContext("test", "/bundle", spec, "bundle"));
    }

    private static String failure(Spec spec) {
        return assertThrows(CrateException.class, () -> prepare(spec)).getMessage();
    }

    @Test
    void acceptsAFullSpec() {
        List<Mount> mounts = List.of(
                new Mount("/proc", "proc", "proc", null),
                new Mount("/data", null, "data", List.of("rbind", "ro")),
                new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "mode=755")));
        assertDoesNotThrow(() -> prepare(spec("box", "example.org", mounts, linux(MOUNT_AND_UTS, "rslave"))));
    }

    @Test
    void nameAndOrder() {
        assertEquals("namespaces", new NamespacesIsolator().name());
        assertEquals(100, new NamespacesIsolator().order());
    }

    @Test
    void needsANewMountNamespace() {
        String expected = "config.json: linux.namespaces must create a mount namespace: "
                + "crate builds the container's root with pivot_root, which needs one";
        assertEquals(expected, failure(spec(null, null, List.of(), null)));
        assertEquals(expected, failure(spec(null, null, List.of(), linux(List.of(new LinuxNamespace("pid", null)), null))));
        // Joining an existing mount namespace is not creating one.
        assertEquals(expected, failure(spec(null, null, List.of(),
                linux(List.of(new LinuxNamespace("mount", "/proc/1/ns/mnt")), null))));
    }

    @Test
    void hostnameNeedsAUtsNamespace() {
        Linux mountOnly = linux(List.of(new LinuxNamespace("mount", "")), null);
        assertEquals("config.json: hostname is set but linux.namespaces creates no uts namespace",
                failure(spec("box", null, List.of(), mountOnly)));
        Linux joinedUts = linux(List.of(new LinuxNamespace("mount", null), new LinuxNamespace("uts", "/proc/1/ns/uts")), null);
        assertEquals("config.json: hostname is set but linux.namespaces creates no uts namespace",
                failure(spec("box", null, List.of(), joinedUts)));
        assertDoesNotThrow(() -> prepare(spec("", null, List.of(), mountOnly)));
    }

    @Test
    void domainnameNeedsAUtsNamespace() {
        Linux mountOnly = linux(List.of(new LinuxNamespace("mount", null)), null);
        assertEquals("config.json: domainname is set but linux.namespaces creates no uts namespace",
                failure(spec(null, "example.org", List.of(), mountOnly)));
    }

    @Test
    void rootfsPropagationMustBeKnown() {
        assertEquals("config.json: linux.rootfsPropagation: unknown value \"sideways\"",
                failure(spec(null, null, List.of(), linux(MOUNT_AND_UTS, "sideways"))));
        // A mount flag is not a propagation type.
        assertEquals("config.json: linux.rootfsPropagation: unknown value \"ro\"",
                failure(spec(null, null, List.of(), linux(MOUNT_AND_UTS, "ro"))));
        assertDoesNotThrow(() -> prepare(spec(null, null, List.of(), linux(MOUNT_AND_UTS, ""))));
        assertDoesNotThrow(() -> prepare(spec(null, null, List.of(), linux(MOUNT_AND_UTS, "private"))));
    }

    @Test
    void mountWithoutTypeMustBeABind() {
        List<Mount> mounts = List.of(
                new Mount("/proc", "proc", "proc", null),
                new Mount("/data", null, "data", List.of("ro", "nosuid")));
        assertEquals("config.json: mounts[1] (/data): no type and not a bind mount",
                failure(spec(null, null, mounts, linux(MOUNT_AND_UTS, null))));
    }

    @Test
    void mountDestinationMustStayInTheRoot() {
        List<Mount> mounts = List.of(new Mount("/../etc", "tmpfs", "tmpfs", null));
        assertEquals("path /../etc contains \"..\"", failure(spec(null, null, mounts, linux(MOUNT_AND_UTS, null))));
    }
}
