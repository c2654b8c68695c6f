package crate.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Rlimit;
import crate.api.spec.Spec;
import crate.api.spec.User;
import crate.api.spi.ContainerContext;
import crate.runtime.Lifecycle;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DefaultSpecTest {
    private final Spec spec = DefaultSpec.of(List.of("sh", "-c", "echo hi"), "/srv/rootfs", true);

    private Map<String, Mount> mounts() {
        return spec.mounts().stream().collect(Collectors.toMap(Mount::destination, Function.identity()));
    }

    @Test
    void process() {
        assertEquals(Spec.OCI_VERSION, spec.ociVersion());
        assertEquals(List.of("sh", "-c", "echo hi"), spec.process().args());
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                spec.process().env());
        assertEquals("/", spec.process().cwd());
        assertEquals(new User(0, 0, null, List.of()), spec.process().user());
        assertTrue(spec.process().noNewPrivileges());
        assertEquals(false, spec.process().terminal());
        assertEquals(List.of(Rlimit.of("RLIMIT_NOFILE", 1024, 1024)), spec.process().rlimits());
        assertNull(spec.process().oomScoreAdj());
        assertNull(spec.hooks());
    }

    @Test
    void crateSpecsTemplateIsRunsShOnATerminalInTheBundlesRootfs() {
        Spec template = DefaultSpec.template();
        assertTrue(template.process().terminal());
        assertEquals(List.of("sh"), template.process().args());
        assertEquals("rootfs", template.root().path());
        assertTrue(template.root().readonly());
        // Everything else is crate run's defaults.
        Spec run = DefaultSpec.of(List.of("sh"), "rootfs", true);
        assertEquals(run, template.withProcess(run.process()));
        assertEquals(run.process().withArgs(List.of()), new crate.api.spec.Process(false, template.process().user(),
                List.of(), template.process().env(), template.process().cwd(), template.process().noNewPrivileges())
                .withRlimits(template.process().rlimits()));
    }

    @Test
    void maskedAndReadOnlyPathsAsRunc() {
        assertEquals(10, spec.linux().maskedPaths().size());
        assertTrue(spec.linux().maskedPaths().containsAll(List.of("/proc/kcore", "/proc/keys", "/sys/firmware")));
        assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                spec.linux().readonlyPaths());
    }

    @Test
    void rootAndHostname() {
        assertEquals("/srv/rootfs", spec.root().path());
        assertTrue(spec.root().readonly());
        assertEquals(false, DefaultSpec.of(List.of("sh"), "/r", false).root().readonly());
        assertEquals("crate", spec.hostname());
        assertNull(spec.domainname());
    }

    @Test
    void newNamespacesOfEverySupportedType() {
        assertEquals(Set.of("pid", "network", "ipc", "uts", "mount", "cgroup"),
                spec.linux().namespaces().stream().map(LinuxNamespace::type).collect(Collectors.toSet()));
        assertEquals(6, spec.linux().namespaces().size());
        assertTrue(spec.linux().namespaces().stream().allMatch(ns -> ns.path() == null));
    }

    @Test
    void mountsAsRunc() {
        Map<String, Mount> mounts = mounts();
        assertEquals(Set.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"),
                mounts.keySet());
        assertEquals("proc", mounts.get("/proc").type());
        assertEquals("tmpfs", mounts.get("/dev").type());
        assertTrue(mounts.get("/dev").options().contains("mode=755"));
        assertEquals("sysfs", mounts.get("/sys").type());
        assertTrue(mounts.get("/sys").options().contains("ro"));
        assertTrue(mounts.get("/sys/fs/cgroup").options().contains("ro"));
        // Parents before children.
        List<String> order = spec.mounts().stream().map(Mount::destination).toList();
        assertTrue(order.indexOf("/dev") < order.indexOf("/dev/pts"));
        assertTrue(order.indexOf("/sys") < order.indexOf("/sys/fs/cgroup"));
    }

    @Test
    void passesTheRuntimesValidation() {
        ContainerContext context = new ContainerContext("id", "/", spec, "bundle");
        assertDoesNotThrow(() -> Lifecycle.validate(context, "crate run"));
    }
}
