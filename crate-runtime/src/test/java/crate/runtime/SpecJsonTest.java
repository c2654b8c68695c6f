package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.ConsoleSize;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Spec;
import crate.api.spec.User;
import crate.api.spi.ContainerContext;
import java.io.IOException;
import java.io.InputStream;
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
        assertEquals(sized.process(), SpecJson.parse(SpecJson.write(sized), "again", Spec.class).process());
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
        Spec again = SpecJson.parse(SpecJson.write(spec), "copy", Spec.class);
        assertEquals(spec, again);
    }

    @Test
    void contextRoundTrip() throws Exception {
        Spec spec = SpecJson.read(runcSpec());
        ContainerContext context = new ContainerContext("c1", "/bundles/c1", spec, "bundle");
        assertEquals(context, SpecJson.readContext(SpecJson.write(context)));
    }

    @Test
    void contextErrorsNameTheInitContext() {
        CrateException e = assertThrows(CrateException.class,
                () -> SpecJson.readContext("{\"id\": 1, \"spec\": 2}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("init context: line 1, column "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": spec: expected an object"), e.getMessage());
    }

    @Test
    void jsonKind() {
        assertEquals("an array", SpecJson.jsonKind(List.class));
        assertEquals("an array", SpecJson.jsonKind(java.util.ArrayList.class));
        assertEquals("an array", SpecJson.jsonKind(String[].class));
        assertEquals("an object", SpecJson.jsonKind(Map.class));
        assertEquals("an object", SpecJson.jsonKind(Spec.class));
        assertEquals("a string", SpecJson.jsonKind(String.class));
        assertEquals("true or false", SpecJson.jsonKind(boolean.class));
        assertEquals("true or false", SpecJson.jsonKind(Boolean.class));
        assertEquals("a number", SpecJson.jsonKind(int.class));
        assertEquals("a number", SpecJson.jsonKind(Integer.class));
        assertEquals("a number", SpecJson.jsonKind(long.class));
        assertEquals("a Path", SpecJson.jsonKind(Path.class));
    }
}
