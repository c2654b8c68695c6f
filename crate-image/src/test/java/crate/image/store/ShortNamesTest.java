package crate.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShortNamesTest {
    private static final String D = "sha256:" + "a".repeat(64);

    private static String c(String ref) {
        return ShortNames.canonical(ref, "docker.io").orElseThrow();
    }

    @Test
    void dockerHubShortNames() {
        assertEquals("docker.io/library/alpine:latest", c("alpine"));
        assertEquals("docker.io/library/alpine:3.20", c("alpine:3.20"));
        assertEquals("docker.io/user/app:latest", c("user/app"));
        assertEquals("docker.io/library/alpine:latest", c("docker.io/alpine"));
        assertEquals("docker.io/library/alpine:latest", c("index.docker.io/library/alpine"));
        assertEquals("docker.io/library/alpine@" + D, c("alpine@" + D));
    }

    @Test
    void registriesWithPorts() {
        assertEquals("localhost:5000/app:1", c("localhost:5000/app:1"));
        assertEquals("127.0.0.1:5000/a/b:latest", c("127.0.0.1:5000/a/b"));
        assertEquals("localhost/app:latest", c("localhost/app"));
        assertEquals("example.com/app@" + D, c("example.com/app@" + D));
        assertTrue(ShortNames.qualified("localhost:5000/app"));
        assertFalse(ShortNames.qualified("user/app"));
    }

    @Test
    void otherDefaultRegistries() {
        assertEquals(Optional.of("registry.local:5000/app:latest"), ShortNames.canonical("app", "registry.local:5000"));
    }

    @Test
    void notNames() {
        assertEquals(Optional.empty(), ShortNames.canonical("", "docker.io"));
        assertEquals(Optional.empty(), ShortNames.canonical("a@sha256:zz", "docker.io"));
        assertEquals(Optional.empty(), ShortNames.canonical("alpine:", "docker.io"));
    }

    @Test
    void repositoryOfCanonicalNames() {
        assertEquals("localhost:5000/app", ShortNames.repository("localhost:5000/app:1"));
        assertEquals("docker.io/library/a", ShortNames.repository("docker.io/library/a@" + D));
    }

    @Test
    void chainIdsFollowTheImageSpec() {
        String a = "sha256:" + "1".repeat(64);
        String b = "sha256:" + "2".repeat(64);
        List<String> chain = Digests.chainIds(List.of(a, b));
        assertEquals(a, chain.get(0));
        assertEquals(Digests.of((a + " " + b).getBytes(java.nio.charset.StandardCharsets.US_ASCII)), chain.get(1));
        assertFalse(Digests.valid("sha256:../../etc"));
        assertFalse(Digests.valid("sha512:" + "a".repeat(128)));
    }
}
