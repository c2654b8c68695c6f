package crate.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
    private static final Path FILE = Path.of("/x/config.json");

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static DockerConfig parse(String json) throws CrateException {
        return DockerConfig.parse(FILE, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authsByHostUrlAndDockerHubKey() throws CrateException {
        DockerConfig c = parse("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubuser:hub:pw") + "\"},"
                + "\"127.0.0.1:5001\":{\"auth\":\"" + b64("harness:harness-pw") + "\"},"
                + "\"https://quay.io\":{\"username\":\"q\",\"password\":\"qpw\"},"
                + "\"empty.example\":{}},"
                + "\"credsStore\":\"desktop\"}");
        assertEquals(Optional.of(new Credential("hubuser", "hub:pw")), c.lookup("docker.io"));
        assertEquals(Optional.of(new Credential("hubuser", "hub:pw")), c.lookup("registry-1.docker.io"));
        assertEquals(Optional.of(new Credential("harness", "harness-pw")), c.lookup("127.0.0.1:5001"));
        assertEquals(Optional.of(new Credential("q", "qpw")), c.lookup("quay.io"));
        assertEquals(Optional.empty(), c.lookup("127.0.0.1:5000"));
        assertEquals(Optional.empty(), c.lookup("empty.example"));
    }

    @Test
    void basicHeaderAndNoPasswordInToString() {
        Credential c = new Credential("harness", "harness-pw");
        assertEquals("Basic " + b64("harness:harness-pw"), c.basicHeader());
        assertTrue(!c.toString().contains("harness-pw"));
    }

    @Test
    void missingFileHasNoCredentials(@TempDir Path dir) throws CrateException {
        assertEquals(Optional.empty(), DockerConfig.load(dir.resolve("none.json")).lookup("docker.io"));
    }

    @Test
    void refusesBrokenFiles() {
        assertTrue(assertThrows(CrateException.class, () -> parse("{\"auths\":")).getMessage()
                .startsWith("credentials file /x/config.json: not valid JSON"));
        assertEquals("credentials file /x/config.json: auths \"h\": auth is not base64",
                assertThrows(CrateException.class, () -> parse("{\"auths\":{\"h\":{\"auth\":\"%%%\"}}}")).getMessage());
        assertEquals("credentials file /x/config.json: auths \"h\": auth is not base64 of user:password",
                assertThrows(CrateException.class, () -> parse("{\"auths\":{\"h\":{\"auth\":\"" + b64("nocolon") + "\"}}}"))
                        .getMessage());
    }
}
