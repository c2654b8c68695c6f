package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.app.CrateCli.Result;
import crate.image.testing.TestRegistries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * crate pull, images, run IMAGE, rmi and image prune against the harness's local registry
 * (../shared/harness/registry-up.sh: plain HTTP on 127.0.0.1:5000, listed as insecure in the
 * test's configuration), with the data root in the test's directory. The registries are
 * started when they do not answer ({@link TestRegistries}).
 */
@ExtendWith(NoHostLeaks.class)
class ImageRunIT {

    @TempDir Path work;
    private Path config;
    private Path data;
    private Map<String, String> registry;

    @BeforeEach
    void registryAndPuller() throws IOException, InterruptedException {
        CrateCli.assumeRoot();
        TestRegistries.get();
        registry = new HashMap<>();
        for (String line : Files.readAllLines(TestRegistries.harnessData().resolve("registry/env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                registry.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        data = work.resolve("data");
        config = Files.writeString(work.resolve("config.toml"), """
                [runtime]
                root = "%s"
                data_root = "%s"
                plugin_dir = "%s"
                [images]
                insecure_registries = ["%s"]
                puller = "registry"
                """.formatted(work.resolve("state"), data, work.resolve("plugins"), registry.get("REGISTRY")));
        Result plugins = crate("plugins");
        assertTrue(plugins.out().lines().anyMatch(l -> l.startsWith("puller") && l.contains(" registry ")),
                "crate has no puller named registry: " + plugins.out());
    }

    private Result crate(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        return CrateCli.crateToFiles(work, argv.toArray(String[]::new));
    }

    private void assertOk(Result result) {
        assertEquals(0, result.exit(), result.out() + result.err());
    }

    @Test
    void pullThenImagesThenRunThenRmi() {
        String image = registry.get("IMAGE");
        Result pulled = crate("pull", image);
        assertOk(pulled);
        assertTrue(pulled.out().contains("Digest: sha256:"), pulled.out());
        assertTrue(pulled.out().contains("Status: Downloaded newer image for " + image), pulled.out());
        assertTrue(pulled.out().endsWith(image + "\n"), pulled.out());
        Result again = crate("pull", "-q", image);
        assertOk(again);
        assertEquals(image + "\n", again.out());

        Result images = crate("images");
        assertOk(images);
        assertTrue(images.out().startsWith("REPOSITORY"), images.out());
        String repository = image.substring(0, image.lastIndexOf(':'));
        assertTrue(images.out().lines().anyMatch(l -> l.startsWith(repository + " ") && l.contains(" latest ")), images.out());

        Result hi = crate("run", "--name", "front-img-hi", image, "echo", "hi");
        assertOk(hi);
        assertEquals("hi\n", hi.out());
        assertFalse(Files.exists(data.resolve("containers/front-img-hi")));

        assertOk(crate("rmi", image));
        assertFalse(crate("images").out().contains(repository + " "), "rmi untagged it");
        Result pruned = crate("image", "prune", "-a");
        assertOk(pruned);
        assertTrue(pruned.out().contains("Total reclaimed space: "), pruned.out());
    }

    @Test
    void runPullsAMissingImageAndTheWhiteoutHidesVi() {
        String image = registry.get("IMAGE_MULTI");
        Result result = crate("run", image, "sh", "-c", "ls /bin/vi 2>&1; cat /etc/harness-layer2; ls /opt/l3 | wc -l");
        assertOk(result);
        assertTrue(result.err().contains("Unable to find image '" + image + "' locally"), result.err());
        assertEquals("ls: /bin/vi: No such file or directory\nlayer2\n64\n", result.out());
        Result quiet = crate("run", "-q", "--pull", "always", image, "true");
        assertOk(quiet);
        assertEquals("", quiet.err());
    }

    @Test
    void aHostCommandIsLookedUpAsAnImageWithoutMakingAStore() {
        Result hi = crate("run", "echo", "hi");
        assertOk(hi);
        assertEquals("hi\n", hi.out());
        assertFalse(Files.exists(data), "asking whether echo is an image created " + data);
        assertOk(crate("images"));
        assertOk(crate("image", "prune"));
        assertFalse(Files.exists(data), "listing and pruning an absent store created " + data);
    }

    @Test
    void pullNeverRefusesAnImageNotInTheStore() {
        String image = registry.get("IMAGE");
        Result result = crate("run", "--pull", "never", image, "true");
        assertNotEquals(0, result.exit());
        assertEquals("crate: image " + image + " is not in the store (crate pull " + image + ")\n", result.err());
        assertFalse(Files.exists(data.resolve("containers")) && data.resolve("containers").toFile().list().length > 0);
    }

    @Test
    void tlsVerifyFalsePullsFromAPlainRegistryNotListedAsInsecure() throws IOException {
        Files.writeString(config, Files.readString(config).replace("insecure_registries = [\"" + registry.get("REGISTRY") + "\"]",
                "insecure_registries = []"));
        String image = registry.get("IMAGE");
        assertNotEquals(0, crate("pull", "-q", image).exit(), "HTTPS is the default");
        assertOk(crate("pull", "-q", "--tls-verify=false", image));
    }
}
