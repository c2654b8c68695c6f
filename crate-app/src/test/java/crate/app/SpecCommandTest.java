package crate.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Rlimit;
import crate.api.spec.Spec;
import crate.api.spec.User;
import crate.api.spi.ContainerContext;
import crate.runtime.Lifecycle;
import crate.runtime.SpecJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code crate spec}: runc spec's config.json, written once. */
class SpecCommandTest {
    @TempDir Path bundle;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int crate(String... args) {
        CommandLine cli = Main.commandLine(args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void writesRuncsDefaultsIntoTheBundle() throws Exception {
        assertEquals(0, crate("spec", "--bundle", bundle.toString()), err.toString());
        assertEquals("", out.toString());
        assertEquals("", err.toString());
        Spec spec = SpecJson.read(bundle.resolve("config.json"));
        assertEquals(DefaultSpec.template(), spec);
        assertEquals(Spec.OCI_VERSION, spec.ociVersion());
        assertTrue(spec.process().terminal());
        assertEquals(new User(0, 0, null, List.of()), spec.process().user());
        assertEquals(List.of("sh"), spec.process().args());
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                spec.process().env());
        assertEquals("/", spec.process().cwd());
        assertEquals(List.of(Rlimit.of("RLIMIT_NOFILE", 1024, 1024)), spec.process().rlimits());
        assertTrue(spec.process().noNewPrivileges());
        assertEquals("rootfs", spec.root().path());
        assertTrue(spec.root().readonly());
        assertEquals("crate", spec.hostname());
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"),
                spec.mounts().stream().map(Mount::destination).toList());
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount", "cgroup"),
                spec.linux().namespaces().stream().map(LinuxNamespace::type).toList());
        assertEquals(List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"),
                spec.linux().maskedPaths());
        assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                spec.linux().readonlyPaths());
        assertDoesNotThrow(() -> Lifecycle.validate(new ContainerContext("hooks-spec", bundle.toString(), spec, "bundle"),
                "config.json"));
        String json = Files.readString(bundle.resolve("config.json"));
        assertTrue(json.startsWith("{\n\t\"ociVersion\": \"" + Spec.OCI_VERSION + "\",\n\t\"process\": {\n"), json);
        assertTrue(json.endsWith("\n}\n"), json);
        assertFalse(json.contains("[]") || json.contains("{}"), "empty lists are left out, as runc does: " + json);
    }

    @Test
    void neverOverwritesAConfig() throws Exception {
        Files.writeString(bundle.resolve("config.json"), "mine");
        assertEquals(125, crate("spec", "-b", bundle.toString()));
        assertEquals("crate: File config.json exists. Remove it first" + System.lineSeparator(), err.toString());
        assertEquals("mine", Files.readString(bundle.resolve("config.json")));
    }

    @Test
    void refusesRootlessAndAMissingBundle() {
        assertEquals(125, crate("spec", "--rootless", "-b", bundle.toString()));
        assertEquals("crate: --rootless: rootless containers are not supported yet" + System.lineSeparator(), err.toString());
        assertFalse(Files.exists(bundle.resolve("config.json")));
        Path missing = bundle.resolve("missing");
        err.getBuffer().setLength(0);
        assertEquals(125, crate("spec", "-b", missing.toString()));
        assertEquals("crate: bundle " + missing + " is not a directory" + System.lineSeparator(), err.toString());
    }

    @Test
    void takesNoArguments() {
        assertEquals(125, crate("spec", "-b", bundle.toString(), "extra"));
        assertTrue(err.toString().startsWith("crate: Unmatched argument at index 3: 'extra'"), err.toString());
        assertFalse(Files.exists(bundle.resolve("config.json")));
    }
}
