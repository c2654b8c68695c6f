package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.Linux;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Spec;
import crate.linux.Namespace;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespacePlanTest {

    private static Spec spec(LinuxNamespace... namespaces) {
        Linux linux = new Linux(Arrays.asList(namespaces), null, null, null, null, null);
        return new Spec("1.2.0", null, null, null, null, null, linux, null);
    }

    private static LinuxNamespace ns(String type) {
        return new LinuxNamespace(type, null);
    }

    private static String failure(Spec spec) {
        return assertThrows(CrateException.class, () -> NamespacePlan.of(spec, "config.json")).getMessage();
    }

    @Test
    void unknownTypeListsTheValidOnes() {
        assertEquals("config.json: linux.namespaces[1].type: unknown namespace type \"net\" (expected one of "
                        + "mount, uts, ipc, network, pid, cgroup, user, time)",
                failure(spec(ns("pid"), ns("net"))));
        assertTrue(failure(spec(ns(null))).startsWith(
                "config.json: linux.namespaces[0].type: unknown namespace type \"null\""));
    }

    @Test
    void duplicatesAreAnError() {
        assertEquals("config.json: linux.namespaces[2]: the pid namespace is listed twice",
                failure(spec(ns("pid"), ns("uts"), new LinuxNamespace("pid", "/proc/1/ns/pid"))));
    }

    @Test
    void userAndTimeAreNotSupported() {
        assertEquals("config.json: linux.namespaces[0]: user namespaces are not supported yet", failure(spec(ns("user"))));
        assertEquals("config.json: linux.namespaces[1]: time namespaces are not supported yet",
                failure(spec(ns("mount"), ns("time"))));
    }

    @Test
    void noLinuxSectionMeansNoNamespaces() throws CrateException {
        NamespacePlan plan = NamespacePlan.of(new Spec("1.2.0", null, null, null, null, null, null, null), "x");
        assertEquals(Map.of(), plan.namespaces());
        assertEquals(0, plan.spawnUnshareFlags());
        assertEquals(Map.of(), plan.spawnJoins());
    }

    @Test
    void pathMeansJoin() throws CrateException {
        NamespacePlan plan = NamespacePlan.of(spec(ns("mount"), new LinuxNamespace("network", "/run/netns/a"),
                new LinuxNamespace("ipc", "")), "config.json");
        assertEquals(Map.of(Namespace.MOUNT, Optional.empty(), Namespace.NETWORK, Optional.of("/run/netns/a"),
                Namespace.IPC, Optional.empty()), plan.namespaces());
        assertTrue(plan.creates(Namespace.MOUNT));
        assertTrue(plan.creates(Namespace.IPC), "an empty path creates");
        assertFalse(plan.creates(Namespace.NETWORK), "a path joins");
        assertFalse(plan.creates(Namespace.PID), "absent: the host's");
        assertEquals(Map.of(Namespace.NETWORK, "/run/netns/a"), plan.spawnJoins());
        assertEquals(Namespace.MOUNT.cloneFlag() | Namespace.IPC.cloneFlag(), plan.spawnUnshareFlags());
    }

    @Test
    void spawnUnshareFlagsLeaveCgroupToInit() throws CrateException {
        NamespacePlan plan = NamespacePlan.of(spec(ns("pid"), ns("network"), ns("ipc"), ns("uts"), ns("mount"),
                ns("cgroup")), "config.json");
        assertTrue(plan.creates(Namespace.CGROUP));
        assertEquals(Namespace.PID.cloneFlag() | Namespace.NETWORK.cloneFlag() | Namespace.IPC.cloneFlag()
                | Namespace.UTS.cloneFlag() | Namespace.MOUNT.cloneFlag(), plan.spawnUnshareFlags());
        assertEquals(0, plan.spawnUnshareFlags() & Namespace.CGROUP.cloneFlag());
    }

    @Test
    void spawnJoinsLeaveCgroupToInit() throws CrateException {
        NamespacePlan plan = NamespacePlan.of(spec(new LinuxNamespace("cgroup", "/proc/1/ns/cgroup"),
                new LinuxNamespace("mount", "/proc/1/ns/mnt"), new LinuxNamespace("uts", "/proc/1/ns/uts"),
                ns("pid")), "config.json");
        assertEquals(Map.of(Namespace.MOUNT, "/proc/1/ns/mnt", Namespace.UTS, "/proc/1/ns/uts"), plan.spawnJoins());
        assertEquals(Namespace.PID.cloneFlag(), plan.spawnUnshareFlags());
        assertFalse(plan.creates(Namespace.CGROUP));
    }

    @Test
    void planIsImmutable() throws CrateException {
        NamespacePlan plan = NamespacePlan.of(spec(ns("pid")), "config.json");
        assertThrows(UnsupportedOperationException.class, () -> plan.namespaces().put(Namespace.UTS, Optional.empty()));
        assertEquals(List.of(Namespace.PID), List.copyOf(plan.namespaces().keySet()));
    }
}
