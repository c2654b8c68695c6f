package crate.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.image.store.ImageStore;
import crate.image.testing.TestImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs pull overlapping images into one store at once: the shared layers are unpacked by one of them. */
class CrossProcessPullIT {
    @TempDir Path tmp;

    private Process start(Path root, String which) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                PullMain.class.getName(), root.toString(), tmp.resolve("registry-" + which).toString(), which)
                .redirectErrorStream(true).start();
    }

    @Test
    void twoProcessesShareTheirLayers() throws Exception {
        Path root = tmp.resolve("root");
        Process a = start(root, "a");
        Process b = start(root, "b");
        String outA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String outB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, a.waitFor(), outA);
        assertEquals(0, b.waitFor(), outB);
        TestImage imageA = SampleImages.a();
        TestImage imageB = SampleImages.b();
        assertEquals(true, outA.contains("ID " + imageA.id()), outA);
        assertEquals(true, outB.contains("ID " + imageB.id()), outB);
        List<String> lines = new ArrayList<>(outA.lines().toList());
        lines.addAll(outB.lines().toList());
        for (int i = 0; i < 2; i++) {
            String shared = imageA.layers().get(i).descriptor().digest();
            assertEquals(1, lines.stream().filter(l -> l.equals("DONE " + shared)).count(), "unpacked once: " + lines);
            assertEquals(1, lines.stream().filter(l -> l.equals("EXISTS " + shared)).count(), "reused once: " + lines);
        }
        ImageStore store = ImageStore.open(root, List.of());
        assertEquals(4, store.census().get("layers"));
        assertEquals(0, store.census().get("tmp"));
        assertEquals(2, store.list().size());
    }
}
