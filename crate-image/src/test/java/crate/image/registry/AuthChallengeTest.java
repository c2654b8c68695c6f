package crate.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void dockerHubBearer() {
        List<AuthChallenge> c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/alpine:pull,push\"");
        assertEquals(1, c.size());
        assertTrue(c.getFirst().isBearer());
        assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                "scope", "repository:library/alpine:pull,push"), c.getFirst().params());
    }

    @Test
    void basicAndSpacesAndEscapes() {
        List<AuthChallenge> c = AuthChallenge.parse("Basic realm=\"harness \\\"basic\\\", realm\"");
        assertTrue(c.getFirst().isBasic());
        assertEquals("harness \"basic\", realm", c.getFirst().param("realm").orElseThrow());
        c = AuthChallenge.parse("bearer  Realm = \"http://127.0.0.1:5003/token\" , service=harness-registry");
        assertEquals("http://127.0.0.1:5003/token", c.getFirst().param("realm").orElseThrow());
        assertEquals("harness-registry", c.getFirst().param("service").orElseThrow());
    }

    @Test
    void severalChallengesInOneHeader() {
        List<AuthChallenge> c = AuthChallenge.parse("Basic realm=\"a,b\", Bearer realm=\"https://x/t\", service=\"s\"");
        assertEquals(List.of("basic", "bearer"), c.stream().map(AuthChallenge::scheme).toList());
        assertEquals("a,b", c.get(0).param("realm").orElseThrow());
        assertEquals(Map.of("realm", "https://x/t", "service", "s"), c.get(1).params());
    }

    @Test
    void emptyOrSchemeOnly() {
        assertEquals(List.of(), AuthChallenge.parse(""));
        List<AuthChallenge> c = AuthChallenge.parse("Basic");
        assertEquals("basic", c.getFirst().scheme());
        assertTrue(c.getFirst().params().isEmpty());
    }
}
