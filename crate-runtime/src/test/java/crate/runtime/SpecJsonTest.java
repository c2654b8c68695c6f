package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.ConsoleSize;
import crate.api.spec.Hook;
import crate.api.spec.Hooks;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Rlimit;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.api.spec.User;
import crate.api.spi.ContainerContext;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecJsonTest {
    @TempDir Path dir;

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("config.json"), json, StandardCharsets.UTF_8);
    }

    /** The config.json that {@code runc spec} writes (runtime-spec 1.2.0). */
    private Path runcSpec() throws IOException {
        try (InputStream in = SpecJsonTest.class.getResourceAsStream("runc-spec.json")) {
            Path file = dir.resolve("config.json");
            Files.copy(in, file);
            return file;
        }
    }

    private String failure(String json) throws IOException {
        Path file = config(json);
        CrateException e = assertThrows(CrateException.class, () -> SpecJson.read(file));
        assertEquals(CrateException.RUNTIME_ERROR, e.exitStatus());
        return e.getMessage();
    }

    @Test
    void readsRuncSpec() throws Exception {
        Spec spec = SpecJson.read(runcSpec());
        assertEquals("1.2.0", spec.ociVersion());
        assertTrue(spec.process().terminal());
        assertEquals(new User(0, 0, null, List.of()), spec.process().user());
        assertEquals(List.of("sh"), spec.process().args());
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                spec.process().env());
        assertEquals("/", spec.process().cwd());
        assertTrue(spec.process().noNewPrivileges());
        assertEquals("rootfs", spec.root().path());
        assertTrue(spec.root().readonly());
        assertEquals("runc", spec.hostname());
        assertNull(spec.domainname());
        assertEquals(7, spec.mounts().size());
        assertEquals(new Mount("/proc", "proc", "proc", List.of()), spec.mounts().getFirst());
        assertEquals(new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")), spec.mounts().get(5));
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount", "cgroup"),
                spec.linux().namespaces().stream().map(LinuxNamespace::type).toList());
        assertTrue(spec.linux().namespaces().stream().allMatch(ns -> ns.path() == null));
        assertEquals(10, spec.linux().maskedPaths().size());
        assertEquals("/proc/kcore", spec.linux().maskedPaths().get(2));
        assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                spec.linux().readonlyPaths());
        assertNull(spec.linux().rootfsPropagation());
        assertEquals(Map.of(), spec.linux().sysctl());
        assertEquals(Map.of(), spec.annotations());
    }

    @Test
    void consoleSizeIsReadAndWrittenOnlyWhenGiven() throws Exception {
        Spec sized = SpecJson.read(config("""
                {"ociVersion": "1.2.0", "process": {"terminal": true, "consoleSize": {"height": 24, "width": 80},
                 "args": ["sh"]}, "root": {"path": "rootfs"}}
                """));
        assertEquals(new ConsoleSize(24, 80), sized.process().consoleSize());
        assertTrue(new String(SpecJson.write(sized), StandardCharsets.UTF_8).contains("\"consoleSize\""));
        Spec unsized = SpecJson.read(config("""
                {"ociVersion": "1.2.0", "process": {"terminal": true, "args": ["sh"]}, "root": {"path": "rootfs"}}
                """));
        assertNull(unsized.process().consoleSize());
        assertFalse(new String(SpecJson.write(unsized), StandardCharsets.UTF_8).contains("consoleSize"));
        assertEquals(sized.process(), SpecJson.parseSpec(SpecJson.write(sized), "again").process());
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        Spec spec = SpecJson.read(config("""
                {"ociVersion": "1.2.0", "vendorThing": {"a": [1, 2]},
                 "process": {"terminal": false, "args": ["true"], "apparmorProfile": "x", "noNewPrivileges": false,
                             "user": {"uid": 5, "gid": 6, "username": "u"}},
                 "root": {"path": "rootfs", "readonly": false, "mode": 7},
                 "linux": {"namespaces": [{"type": "mount", "flavour": "new"}], "seccomp": {"defaultAction": "SCMP_ACT_ALLOW"}}}
                """));
        assertEquals(List.of("true"), spec.process().args());
        assertEquals(new User(5, 6, null, List.of()), spec.process().user());
        assertEquals("rootfs", spec.root().path());
        assertEquals(List.of(new LinuxNamespace("mount", null)), spec.linux().namespaces());
    }

    @Test
    void optionalBooleansMayBeLeftOut() throws Exception {
        // What Go tools write when terminal, noNewPrivileges and readonly are false (omitempty).
        Spec spec = SpecJson.read(config("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs"}}
                """));
        assertFalse(spec.process().terminal());
        assertFalse(spec.process().noNewPrivileges());
        assertFalse(spec.root().readonly());
        assertEquals("rootfs", spec.root().path());
    }

    @Test
    void nullBooleanIsFalseAsInRunc() throws Exception {
        Spec spec = SpecJson.read(config("{\"root\": {\"path\": \"r\", \"readonly\": null}}"));
        assertFalse(spec.root().readonly());
    }

    @Test
    void missingFileSaysSo() {
        Path file = dir.resolve("config.json");
        CrateException e = assertThrows(CrateException.class, () -> SpecJson.read(file));
        assertEquals(file + ": no such file (an OCI bundle holds config.json)", e.getMessage());
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws Exception {
        String message = failure("{\n  \"ociVersion\": \"1.2.0\",\n  \"process\": {,\n}\n");
        String prefix = dir.resolve("config.json") + ": line 3, column 15: ";
        assertTrue(message.startsWith(prefix), message);
        assertTrue(message.contains("Unexpected character (','"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void truncatedJsonNamesFile() throws Exception {
        String message = failure("{\"ociVersion\": \"1.2.0\",\n \"process\": {\"args\": [\"sh\"");
        assertTrue(message.startsWith(dir.resolve("config.json") + ": line 2, column "), message);
        assertTrue(message.contains("end-of-input"), message);
    }

    @Test
    void wrongTypeNamesTheFieldAndWhatWasExpected() throws Exception {
        String message = failure("{\n  \"ociVersion\": \"1.2.0\",\n  \"process\": {\"args\": \"sh -c true\"}\n}");
        assertTrue(message.startsWith(dir.resolve("config.json") + ": line 3, column "), message);
        assertTrue(message.endsWith(": process.args: expected an array"), message);
    }

    @Test
    void wrongTypeInsideAnArrayNamesTheIndex() throws Exception {
        String message = failure("{\"mounts\": [{\"destination\": \"/a\"}, {\"destination\": \"/b\", \"options\": \"ro\"}]}");
        assertTrue(message.endsWith(": mounts[1].options: expected an array"), message);
    }

    @Test
    void wrongScalarTypes() throws Exception {
        assertTrue(failure("{\"root\": {\"path\": \"r\", \"readonly\": \"yes\"}}").endsWith(": root.readonly: expected true or false"));
        assertTrue(failure("{\"process\": {\"user\": {\"uid\": \"root\"}}}").endsWith(": process.user.uid: expected a number"));
        assertTrue(failure("{\"linux\": []}").endsWith(": linux: expected an object"));
    }

    @Test
    void nullDocumentIsAnError() throws Exception {
        assertEquals(dir.resolve("config.json") + ": empty document (expected a JSON object)", failure("null"));
    }

    @Test
    void specRoundTrip() throws Exception {
        Spec spec = SpecJson.read(runcSpec());
        Spec again = SpecJson.parseSpec(SpecJson.write(spec), "copy");
        assertEquals(spec, again);
    }

    @Test
    void contextRoundTrip() throws Exception {
        Spec spec = SpecJson.read(runcSpec());
        ContainerContext context = new ContainerContext("c1", "/bundles/c1", spec, "bundle");
        assertEquals(context, SpecJson.readContext(SpecJson.write(context)));
    }

    @Test
    void contextOptionsGoToInitAndAnOldContextHasNone() throws Exception {
        Spec spec = SpecJson.read(runcSpec());
        ContainerContext context = new ContainerContext("c1", "/bundles/c1", spec, "bundle")
                .withOption(ContainerContext.NO_PIVOT, "true");
        ContainerContext again = SpecJson.readContext(SpecJson.write(context));
        assertEquals(context, again);
        assertTrue(again.isSet(ContainerContext.NO_PIVOT));
        // A state.json written before options existed.
        String old = "{\"id\": \"c1\", \"bundle\": \"/b\", \"spec\": " + new String(SpecJson.write(spec), StandardCharsets.UTF_8)
                + ", \"filesystem\": \"bundle\"}";
        ContainerContext noOptions = SpecJson.readContext(old.getBytes(StandardCharsets.UTF_8));
        assertEquals(java.util.Map.of(), noOptions.options());
        assertFalse(noOptions.isSet(ContainerContext.NO_PIVOT));
    }

    @Test
    void contextErrorsNameTheInitContext() {
        CrateException e = assertThrows(CrateException.class,
                () -> SpecJson.readContext("{\"id\": 1, \"spec\": 2}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("init context: line 1, column "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": spec: expected an object"), e.getMessage());
    }

    @Test
    void readsRlimitsAndOomScoreAdj() throws Exception {
        Spec runc = SpecJson.read(runcSpec());
        assertEquals(List.of(Rlimit.of("RLIMIT_NOFILE", 1024, 1024)), runc.process().rlimits());
        assertNull(runc.process().oomScoreAdj());
        Spec spec = SpecJson.read(config("""
                {"ociVersion": "1.2.0", "process": {"args": ["sh"], "oomScoreAdj": -17,
                  "rlimits": [{"type": "RLIMIT_CORE", "hard": 18446744073709551615, "soft": 0}]}}
                """));
        assertEquals(List.of(new Rlimit("RLIMIT_CORE", Rlimit.UNLIMITED, BigInteger.ZERO)), spec.process().rlimits());
        assertEquals(-17, spec.process().oomScoreAdj());
        assertTrue(failure("""
                {"ociVersion": "1.2.0", "process": {"args": ["sh"], "rlimits": [{"type": "RLIMIT_CORE", "hard": 1.5, "soft": 0}]}}
                """).contains("process.rlimits[0].hard: "));
    }

    /** The example of config.md's "POSIX-platform Hooks". */
    @Test
    void readsTheSpecsHooksExample() throws Exception {
        Spec runc = SpecJson.read(runcSpec());
        assertNull(runc.hooks());
        assertEquals(Hooks.NONE, runc.hooksOrNone());
        Spec spec = SpecJson.read(config("""
                {"ociVersion": "1.2.0", "process": {"args": ["sh"]}, "hooks": {
                    "prestart": [
                        {"path": "/usr/bin/fix-mounts", "args": ["fix-mounts", "arg1", "arg2"], "env": ["key1=value1"]},
                        {"path": "/usr/bin/setup-network"}],
                    "createRuntime": [{"path": "/usr/bin/fix-mounts", "args": ["fix-mounts", "arg1", "arg2"], "env": ["key1=value1"]}],
                    "createContainer": [{"path": "/usr/bin/mount-hook", "args": ["-mount", "arg1", "arg2"], "env": ["key1=value1"]}],
                    "startContainer": [{"path": "/usr/bin/refresh-ldcache"}],
                    "poststart": [{"path": "/usr/bin/notify-start", "timeout": 5}],
                    "poststop": [{"path": "/usr/sbin/cleanup.sh", "args": ["cleanup.sh", "-f"]}],
                    "someFutureHook": [{"path": "/x"}]
                }}
                """));
        Hooks hooks = spec.hooks();
        assertEquals(List.of(new Hook("/usr/bin/fix-mounts", List.of("fix-mounts", "arg1", "arg2"), List.of("key1=value1"), null),
                new Hook("/usr/bin/setup-network", List.of(), List.of(), null)), hooks.prestart());
        assertEquals(1, hooks.createRuntime().size());
        assertEquals("/usr/bin/mount-hook", hooks.createContainer().getFirst().path());
        assertEquals(new Hook("/usr/bin/refresh-ldcache", null, null, null), hooks.startContainer().getFirst());
        assertEquals(5, hooks.poststart().getFirst().timeout());
        assertEquals(List.of("cleanup.sh", "-f"), hooks.poststop().getFirst().args());
    }

    @Test
    void hooksRlimitsAndOomScoreAdjSurviveTheTripToInit() throws Exception {
        Spec spec = SpecJson.read(runcSpec());
        spec = spec.withProcess(spec.process().withOomScoreAdj(100).withRlimits(List.of(
                        new Rlimit("RLIMIT_NOFILE", Rlimit.UNLIMITED, BigInteger.TEN))))
                .withHooks(new Hooks(null, null, List.of(new Hook("/h", List.of("h", "1"), List.of("A=b"), 3)), null, null, null));
        ContainerContext context = new ContainerContext("c1", "/b", spec, "bundle");
        assertEquals(context, SpecJson.readContext(SpecJson.write(context)));
    }

    @Test
    void stateJsonIsOneLineWithoutPidZeroOrEmptyAnnotations() throws Exception {
        assertEquals("{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"stopped\",\"bundle\":\"/b\"}",
                new String(SpecJson.writeState(new State("1.2.0", "c1", State.Status.STOPPED, 0, "/b", null)),
                        StandardCharsets.UTF_8));
        State running = new State("1.2.0", "c1", State.Status.RUNNING, 4422, "/b", Map.of("myKey", "myValue"));
        assertEquals("{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"running\",\"pid\":4422,"
                        + "\"bundle\":\"/b\",\"annotations\":{\"myKey\":\"myValue\"}}",
                new String(SpecJson.writeState(running), StandardCharsets.UTF_8));
        assertEquals(running, SpecJson.readState(SpecJson.writeState(running), "state"));
        for (State.Status status : State.Status.values()) {
            String json = new String(SpecJson.writeState(new State("1", "c", status, 1, "/b", null)), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"status\":\"" + status.name().toLowerCase(java.util.Locale.ROOT) + "\""), json);
        }
    }

    @Test
    void writesAsGoDoesWithTabsAndWithoutEmptyLists() {
        Spec spec = new Spec("1.2.0", new crate.api.spec.Process(false, null, List.of("sh"), null, "/", false),
                new crate.api.spec.Root("rootfs", false), null, null, List.of(new Mount("/proc", "proc", "proc", null)), null, null);
        assertEquals("""
                {
                \t"ociVersion": "1.2.0",
                \t"process": {
                \t\t"terminal": false,
                \t\t"user": {
                \t\t\t"uid": 0,
                \t\t\t"gid": 0
                \t\t},
                \t\t"args": [
                \t\t\t"sh"
                \t\t],
                \t\t"cwd": "/",
                \t\t"noNewPrivileges": false
                \t},
                \t"root": {
                \t\t"path": "rootfs",
                \t\t"readonly": false
                \t},
                \t"mounts": [
                \t\t{
                \t\t\t"destination": "/proc",
                \t\t\t"type": "proc",
                \t\t\t"source": "proc"
                \t\t}
                \t]
                }""", new String(SpecJson.write(spec), StandardCharsets.UTF_8));
    }
}
