package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static crate.app.CrateCli.crate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.app.CrateCli.Result;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code crate run --bundle DIR ID}: an OCI bundle's config.json, and what happens when it is wrong. */
@ExtendWith(NoHostLeaks.class)
class BundleIT {
    @TempDir Path bundle;


    private static Spec spec(String... args) {
        // An absolute root.path (the spec allows it): a symlink in the temporary bundle would
        // make JUnit warn when it cleans up.
        Spec spec = DefaultSpec.of(List.of(args), busyboxRootfs().toString(), true);
        return spec.withProcess(spec.process().withCwd("/tmp"));
    }

    private Result runBundle(Spec spec) throws IOException {
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
        return crate("run", "--bundle", bundle.toString(), "it-bundle");
    }

    @Test
    void runsTheBundlesProcessWithItsHostnameCwdAndReadOnlyRoot() throws IOException {
        Result result = runBundle(spec("sh", "-c", "hostname; pwd; touch /new 2>&1; grep NoNewPrivs /proc/self/status")
                .withHostname("bundled"));
        assertEquals(0, result.exit(), result.err());
        assertEquals("bundled\n/tmp\ntouch: /new: Read-only file system\nNoNewPrivs:\t1\n", result.out());
    }

    @Test
    void pathsOutsideAsciiWhateverTheCallersLocale() throws IOException {
        // A JVM encodes file names by its locale, ASCII without one: crate runs its JVMs in C.UTF-8.
        Spec spec = spec("sh", "-c", "pwd; echo /dev/shm/*"); // not ls: busybox ls shows non-ASCII as ?
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(new Mount("/dev/shm/café", "tmpfs", "tmpfs", List.of("size=64k")));
        spec = spec.withMounts(mounts);
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec.withProcess(spec.process().withCwd("/dev/shm/café"))));
        Result result = CrateCli.exec(List.of("env", "-u", "LANG", "-u", "LC_ALL", "-u", "LC_CTYPE",
                CrateCli.IMAGE.resolve("bin/crate").toString(), "run", "--bundle", bundle.toString(), "it-bundle"), null);
        assertEquals(0, result.exit(), result.err());
        assertEquals("/dev/shm/café\n/dev/shm/café\n", result.out());
    }

    @Test
    void rootfsPathIsRelativeToTheBundle() throws IOException {
        Files.createSymbolicLink(bundle.resolve("other"), busyboxRootfs());
        Result result = runBundle(spec("true").withRoot(new Root("other", false)));
        assertEquals(0, result.exit(), result.err());
        Result missing = runBundle(spec("true").withRoot(new Root("nowhere", false)));
        assertEquals(125, missing.exit());
        assertEquals("crate: rootfs " + bundle.resolve("nowhere") + " does not exist\n", missing.err());
    }

    @Test
    void malformedConfigNamesFileAndPosition() throws IOException {
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\": \"1.0.2\",\n \"process\": {\"args\": [\"true\"],}\n}");
        Result result = crate("run", "--bundle", bundle.toString(), "it-bundle");
        assertEquals(125, result.exit());
        assertTrue(result.err().startsWith("crate: " + bundle.resolve("config.json") + ": line 2, column "), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void wrongTypeNamesTheField() throws IOException {
        Files.writeString(bundle.resolve("config.json"),
                "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": \"sh\"}}");
        Result result = crate("run", "--bundle", bundle.toString(), "it-bundle");
        assertEquals(125, result.exit());
        assertTrue(result.err().endsWith("process.args: expected an array\n"), result.err());
    }

    @Test
    void unknownNamespaceTypeIsRefusedBeforeAnythingStarts() throws IOException {
        Spec good = spec("true");
        List<LinuxNamespace> namespaces = new ArrayList<>(good.linux().namespaces());
        namespaces.add(new LinuxNamespace("bogus", null));
        var linux = new crate.api.spec.Linux(namespaces, null, List.of(), List.of(), java.util.Map.of(), null);
        Spec bad = new Spec(good.ociVersion(), good.process(), good.root(), good.hostname(), null, good.mounts(), linux, java.util.Map.of());
        Result result = runBundle(bad);
        assertEquals(125, result.exit());
        assertTrue(result.err().contains("linux.namespaces[6].type: unknown namespace type \"bogus\""), result.err());
    }

    @Test
    void missingConfigAndInvalidIds() {
        Result noConfig = crate("run", "--bundle", bundle.toString(), "it-bundle");
        assertEquals(125, noConfig.exit());
        assertTrue(noConfig.err().contains("config.json: no such file"), noConfig.err());
        for (String id : List.of("a/b", "..", "with space", "x".repeat(1025))) {
            Result bad = crate("run", "--bundle", bundle.toString(), id);
            assertEquals(125, bad.exit(), id);
            assertTrue(bad.err().startsWith("crate: invalid container ID"), bad.err());
        }
    }

    @Test
    void aFailingMountLeavesNothingBehind() throws IOException {
        Spec good = spec("true");
        List<crate.api.spec.Mount> mounts = new ArrayList<>(good.mounts());
        mounts.add(new crate.api.spec.Mount("/mnt/x", "nosuchfs", "none", List.of()));
        Spec bad = new Spec(good.ociVersion(), good.process(), good.root(), good.hostname(), null, mounts, good.linux(), java.util.Map.of());
        Result result = runBundle(bad);
        assertEquals(125, result.exit());
        assertTrue(result.err().startsWith("crate: mount(none on "), result.err());
        assertTrue(result.err().contains("No such device (ENODEV)") || result.err().contains("errno 19"), result.err());
    }
}
