package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.spec.Spec;
import crate.app.CrateCli.Result;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --no-pivot}: the rootfs becomes / by MS_MOVE and chroot. The container must see its
 * rootfs as /, and nothing of the host's root: not a marker file, not the host's /proc.
 */
@ExtendWith(NoHostLeaks.class)
class NoPivotIT {
    @TempDir Path work;
    private Path root;
    private Path hostMarker;
    private String rootfs;

    @BeforeEach
    void setUp() throws IOException {
        root = work.resolve("state");
        rootfs = CrateCli.busyboxRootfs().toString();
        // In the host's root file system (the test's temporary directory is on it), where a
        // container that could reach the old root would find it by the same path.
        hostMarker = Files.writeString(work.resolve("host-marker"), "host\n");
    }

    @AfterEach
    void noContainerLeft() throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> left = Files.list(root)) {
                for (Path dir : left.toList()) {
                    cli("delete", "--force", dir.getFileName().toString());
                }
            }
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "containers left in the state root");
            }
        }
    }

    private Result cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CrateCli.crateToFiles(work, all);
    }

    /** What the container sees: its own root, nothing of the host's, from / and from above it. */
    private String probe() {
        String marker = hostMarker.toString();
        return "ls /bin/busybox; cat " + marker + " 2>/dev/null || echo no host marker;"
                + " cd /../../..; pwd; cat ." + marker + " 2>/dev/null || echo none above /;"
                + " grep ' - proc ' /proc/self/mountinfo | awk '$4 == \"/\"' | wc -l"; // full procfs mounts (not readonlyPaths' binds)
    }

    private static final String EXPECTED = "/bin/busybox\nno host marker\n/\nnone above /\n1\n";

    @Test
    void runMovesTheRootfsOntoSlash() {
        Result result = cli("run", "-r", rootfs, "--name", "pfd-nopivot", "--no-pivot", "sh", "-c", probe());
        assertEquals(0, result.exit(), result.err());
        assertEquals(EXPECTED, result.out());
    }

    @Test
    void createStartAndExecWithNoPivot() throws Exception {
        Path bundle = Files.createDirectories(work.resolve("bundle"));
        Path out = Files.createDirectories(work.resolve("out"));
        Spec spec = DefaultSpec.of(List.of("sh", "-c", "(" + probe() + ") > /out/probe; exec sleep 100"), rootfs, true);
        List<crate.api.spec.Mount> mounts = new java.util.ArrayList<>(spec.mounts());
        mounts.add(new crate.api.spec.Mount("/out", "bind", out.toString(), List.of("rbind", "rw")));
        spec = new Spec(spec.ociVersion(), spec.process(), spec.root(), "np", null, mounts, spec.linux(), java.util.Map.of());
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));

        Result created = cli("create", "--bundle", bundle.toString(), "--no-pivot", "pfd-np");
        assertEquals(0, created.exit(), created.err());
        assertEquals(0, cli("start", "pfd-np").exit());
        Path probe = out.resolve("probe");
        for (int i = 0; i < 500 && (!Files.exists(probe) || Files.readString(probe).split("\n", -1).length < 6); i++) {
            Thread.sleep(10);
        }
        assertEquals(EXPECTED, Files.readString(probe));

        // exec joins the mount namespace: its root is the moved rootfs too (setns goes down
        // the mounts stacked on the namespace's root).
        Result exec = cli("exec", "pfd-np", "sh", "-c", probe());
        assertEquals(0, exec.exit(), exec.err());
        assertEquals(EXPECTED, exec.out());
        assertEquals(0, cli("delete", "--force", "pfd-np").exit());
        assertFalse(Files.exists(root.resolve("pfd-np")));
        assertTrue(Files.exists(hostMarker), "the host's file is untouched");
    }
}
