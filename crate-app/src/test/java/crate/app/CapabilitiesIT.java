package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import crate.api.spec.LinuxCapabilities;
import crate.api.spec.Spec;
import crate.api.spec.User;
import crate.app.CrateCli.Result;
import crate.linux.Lsm;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capabilities against the real kernel: what {@code crate run} gives (Docker's 14), what the
 * flags change, that a dropped capability is really gone (the masks in /proc/self/status,
 * and the operation it guards failing), and that the allowed set still works: chown, ping
 * with CAP_NET_RAW, a bind to port 80. Files are written to the container's /dev/shm only:
 * the busybox rootfs is shared.
 */
@ExtendWith(NoHostLeaks.class)
class CapabilitiesIT {
    /** Docker's 14 defaults as a mask (what `docker run` shows as CapEff: 00000000a80425fb). */
    private static final String DOCKER_MASK = "00000000a80425fb";

    @TempDir Path root;
    @TempDir Path bundle;
    @TempDir Path work;

    /** crate with output to files: a detached container keeps the caller's stdio open. */
    private Result crate(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        return CrateCli.crateToFiles(work, all.toArray(String[]::new));
    }

    /** {@code crate run -r BUSYBOX --name ID FLAGS... sh -c SCRIPT}. */
    private Result sh(String id, String script, String... flags) {
        List<String> args = new ArrayList<>(List.of("run", "-r", busyboxRootfs().toString(), "--name", id));
        args.addAll(List.of(flags));
        args.addAll(List.of("sh", "-c", script));
        return crate(args.toArray(String[]::new));
    }

    /** The Cap* lines of the container's /proc/self/status: CapInh, CapPrm, CapEff, CapBnd, CapAmb. */
    private static Map<String, String> masks(String statusLines) {
        Map<String, String> masks = new LinkedHashMap<>();
        for (String line : statusLines.lines().toList()) {
            if (line.startsWith("Cap")) {
                String[] parts = line.split(":\\s*", 2);
                masks.put(parts[0], parts[1].strip());
            }
        }
        return masks;
    }

    private static Map<String, String> masks(String inh, String prm, String eff, String bnd, String amb) {
        return Map.of("CapInh", inh, "CapPrm", prm, "CapEff", eff, "CapBnd", bnd, "CapAmb", amb);
    }

    private static String hex(long mask) {
        return String.format("%016x", mask);
    }

    @Test
    void crateRunGivesDockersFourteen() {
        Result result = sh("cap-defaults", "grep ^Cap /proc/self/status");
        assertEquals(0, result.exit(), result.err());
        assertEquals(masks("0000000000000000", DOCKER_MASK, DOCKER_MASK, DOCKER_MASK, "0000000000000000"),
                masks(result.out()));
        assertEquals("", result.err());
    }

    /** The shell, chown and the other defaults at work. */
    @Test
    void theDefaultsStillWork() {
        Result result = sh("cap-works", "echo shell; touch /dev/shm/f && chown 1000:2000 /dev/shm/f && stat -c %u:%g /dev/shm/f;"
                + " chmod 4755 /dev/shm/f && stat -c %a /dev/shm/f; mknod /dev/shm/null c 1 3 && echo mknod");
        assertEquals(0, result.exit(), result.err());
        assertEquals("shell\n1000:2000\n4755\nmknod\n", result.out());
    }

    /** CAP_NET_RAW: busybox ping opens a raw ICMP socket (loopback: network none). */
    @Test
    void pingNeedsNetRaw() {
        Result allowed = sh("cap-ping1", "ping -c 1 -W 5 127.0.0.1 >/dev/null && echo pong");
        assertEquals("pong\n", allowed.out(), allowed.err());
        Result dropped = sh("cap-ping2", "ping -c 1 -W 5 127.0.0.1; echo status $?", "--cap-drop", "NET_RAW");
        assertEquals("status 1\n", dropped.out().lines().filter(l -> l.startsWith("status")).findFirst().orElse("") + "\n");
        assertTrue(dropped.err().contains("ping: permission denied"), dropped.err());
    }

    /** CAP_NET_BIND_SERVICE: a listener on port 80 that a client reaches; refused once the capability is dropped. */
    @Test
    void bindToPort80NeedsNetBindService() {
        String serve = "nc -l -p 80 -e echo hello & sleep 0.5; nc 127.0.0.1 80 </dev/null; wait";
        Result allowed = sh("cap-bind1", serve);
        assertEquals(0, allowed.exit(), allowed.err());
        assertEquals("hello\n", allowed.out(), allowed.err());
        Result dropped = sh("cap-bind2", "nc -l -p 80 -e echo hello; echo status $?", "--cap-drop", "cap_net_bind_service");
        assertEquals("status 1\n", dropped.out());
        assertTrue(dropped.err().contains("nc: bind: Permission denied"), dropped.err());
        Result user = sh("cap-bind3", "nc -l -p 80 -e echo hello; echo status $?", "-u", "1000:1000");
        assertEquals("status 1\n", user.out());
        assertTrue(user.err().contains("nc: bind: Permission denied"), user.err());
    }

    /** A dropped capability is gone from every set, bounding included, and what it guards fails. */
    @Test
    void aDroppedCapabilityIsReallyGone() {
        Result result = sh("cap-drop", "grep ^Cap /proc/self/status; chown 1 /dev/shm 2>&1; echo status $?",
                "--cap-drop", "chown,SETFCAP");
        long mask = Long.parseLong(DOCKER_MASK, 16) & ~1L & ~(1L << 31);
        assertEquals(masks("0000000000000000", hex(mask), hex(mask), hex(mask), "0000000000000000"), masks(result.out()));
        assertTrue(result.out().contains("chown: /dev/shm: Operation not permitted\nstatus 1\n"), result.out());
    }

    /** --cap-drop ALL --cap-add: only those; su (setuid root in busybox) cannot win the others back. */
    @Test
    void dropAllThenAdd() {
        Result result = sh("cap-only", "grep ^Cap /proc/self/status; mknod /dev/shm/n c 1 3 2>&1; echo status $?",
                "--cap-drop", "ALL", "--cap-add", "NET_RAW,KILL");
        String mask = hex(1L << 13 | 1L << 5);
        assertEquals(masks("0000000000000000", mask, mask, mask, "0000000000000000"), masks(result.out()));
        assertTrue(result.out().contains("mknod: /dev/shm/n: Operation not permitted\nstatus 1\n"), result.out());
    }

    /** A non-root user gets no capabilities (no ambient ones), but keeps the bounding set. */
    @Test
    void aUserOtherThanRootHasNone() {
        Result result = sh("cap-user", "grep ^Cap /proc/self/status", "-u", "1000:1000");
        assertEquals(masks("0000000000000000", "0000000000000000", "0000000000000000", DOCKER_MASK, "0000000000000000"),
                masks(result.out()));
    }

    /** --privileged: every capability crate itself has (here: the test's own permitted set). */
    @Test
    void privilegedHasEverythingCrateHas() throws IOException {
        String own = masks(Files.readString(Path.of("/proc/self/status"))).get("CapPrm");
        Result result = sh("cap-priv", "grep ^Cap /proc/self/status", "--privileged");
        assertEquals(masks("0000000000000000", own, own, own, "0000000000000000"), masks(result.out()));
        assertEquals("", result.err());
    }

    @Test
    void unknownNamesAreRefusedBeforeAnythingExists() throws IOException {
        Result flag = sh("cap-bad1", "true", "--cap-add", "NET_RAWR");
        assertEquals(125, flag.exit());
        assertEquals("crate: --cap-add NET_RAWR: unknown capability (known: CHOWN to CHECKPOINT_RESTORE, or ALL; "
                + "see capabilities(7))\n", flag.err());
        Spec spec = DefaultSpec.of(List.of("true"), busyboxRootfs().toString(), true);
        writeBundle(spec.withProcess(spec.process().withCapabilities(
                new LinuxCapabilities(List.of("CAP_CHOWN", "CAP_FLY"), null, null, null, null))));
        Result config = crate("run", "--bundle", bundle.toString(), "cap-bad2");
        assertEquals(125, config.exit());
        assertEquals("crate: " + bundle + "/config.json: process.capabilities.bounding: unknown capability \"CAP_FLY\" "
                + "(known: CAP_CHOWN to CAP_CHECKPOINT_RESTORE)\n", config.err());
        try (var entries = Files.list(root)) {
            assertEquals(List.of(), entries.toList(), "no state was created");
        }
    }

    /**
     * A bundle with an ambient capability and a user other than root (the runtime-spec's five
     * sets, PR_SET_KEEPCAPS across the user switch): the process binds port 80 as uid 1000.
     */
    @Test
    void ambientCapabilitiesReachANonRootProcess() throws IOException {
        List<String> bind = List.of("CAP_NET_BIND_SERVICE");
        Spec spec = DefaultSpec.of(List.of("sh", "-c", "grep ^Cap /proc/self/status; id -u;"
                + " nc -l -p 80 -e echo hello & sleep 0.5; nc 127.0.0.1 80 </dev/null; wait"),
                busyboxRootfs().toString(), true);
        writeBundle(spec.withProcess(spec.process().withUser(new User(1000, 1000, null, List.of()))
                .withCapabilities(new LinuxCapabilities(bind, bind, bind, bind, bind))));
        Result result = crate("run", "--bundle", bundle.toString(), "cap-ambient");
        assertEquals(0, result.exit(), result.err());
        String mask = hex(1L << 10);
        assertEquals(masks(mask, mask, mask, mask, mask), masks(result.out()));
        assertTrue(result.out().endsWith("1000\nhello\n"), result.out());
    }

    /** exec'd processes get the container's capabilities; exec --cap adds some, as runc's. */
    @Test
    void execGetsTheContainersCapabilitiesPlusCap() {
        Result started = crate("run", "-d", "-r", busyboxRootfs().toString(), "--name", "cap-exec", "--cap-drop", "ALL",
                "--cap-add", "CHOWN", "sleep", "60");
        assertEquals(0, started.exit(), started.err());
        try {
            Result plain = crate("exec", "cap-exec", "grep", "^Cap", "/proc/self/status");
            String chown = hex(1);
            assertEquals(masks("0000000000000000", chown, chown, chown, "0000000000000000"), masks(plain.out()));
            Result added = crate("exec", "--cap", "CAP_NET_RAW", "--cap", "kill", "cap-exec", "grep", "^Cap", "/proc/self/status");
            String more = hex(1 | 1L << 13 | 1L << 5);
            assertEquals(masks("0000000000000000", more, more, more, "0000000000000000"), masks(added.out()));
            Result unknown = crate("exec", "--cap", "FLY", "cap-exec", "true");
            assertEquals(125, unknown.exit());
            assertFalse(unknown.err().isEmpty());
        } finally {
            assertEquals(0, crate("delete", "--force", "cap-exec").exit());
        }
    }

    /**
     * This host has neither AppArmor nor SELinux: a label is an error before anything is
     * created, from the flags and from a bundle; "unconfined" and "disable" ask for none.
     */
    @Test
    void lsmLabelsWithoutTheModuleAreRefused() throws IOException {
        assumeFalse(Lsm.APPARMOR.enabled() || Lsm.SELINUX.enabled(), "the host has an LSM");
        Result apparmor = sh("cap-aa", "true", "--security-opt", "apparmor=docker-default");
        assertEquals(125, apparmor.exit());
        assertEquals("crate: crate run: process.apparmorProfile \"docker-default\": AppArmor is not enabled on this host "
                + "(no /sys/kernel/security/apparmor), so the label cannot be applied\n", apparmor.err());
        Result label = sh("cap-se", "true", "--security-opt", "label=type:spc_t");
        assertEquals(125, label.exit());
        assertTrue(label.err().contains("process.selinuxLabel \"system_u:system_r:spc_t:s0\": SELinux is not enabled"),
                label.err());
        Result none = sh("cap-nolsm", "echo ran", "--security-opt", "apparmor=unconfined", "--security-opt", "label=disable");
        assertEquals("ran\n", none.out(), none.err());
        Spec spec = DefaultSpec.of(List.of("true"), busyboxRootfs().toString(), true);
        writeBundle(spec.withProcess(spec.process().withLsmLabels(null, "system_u:system_r:container_t:s0")));
        Result bundled = crate("run", "--bundle", bundle.toString(), "cap-se2");
        assertEquals(125, bundled.exit());
        assertEquals("crate: " + bundle + "/config.json: process.selinuxLabel \"system_u:system_r:container_t:s0\": SELinux "
                + "is not enabled on this host (no /sys/fs/selinux), so the label cannot be applied\n", bundled.err());
        try (var entries = Files.list(root)) {
            assertEquals(List.of(), entries.toList(), "no state was created");
        }
    }

    private void writeBundle(Spec spec) throws IOException {
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
    }
}
