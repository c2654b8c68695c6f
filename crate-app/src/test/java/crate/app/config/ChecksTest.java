package crate.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each check of a configuration value: what it takes and what it refuses. */
class ChecksTest {

    @Test
    void absolutePaths() throws InvalidValue {
        assertEquals(Path.of("/run/crate"), Checks.absolutePath("/run/crate"));
        assertEquals("expected an absolute path, got \"run/crate\"",
                assertThrows(InvalidValue.class, () -> Checks.absolutePath("run/crate")).getMessage());
        assertThrows(InvalidValue.class, () -> Checks.absolutePath(""));
        assertThrows(InvalidValue.class, () -> Checks.absolutePath("/a\0b"));
    }

    @Test
    void enums() throws InvalidValue {
        assertEquals("json", Checks.oneOf("json", List.of("text", "json")));
        assertEquals("expected one of text, json, got \"JSON\"",
                assertThrows(InvalidValue.class, () -> Checks.oneOf("JSON", List.of("text", "json"))).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"crate", "/crate", "/", "a/b-c/d.e", "/system.slice/crate"})
    void cgroupPathsTaken(String path) throws InvalidValue {
        assertEquals(path, Checks.cgroupPath(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/../b", "..", "/..", "./a", "a//b", "a/", "/a/.", "a\nb"})
    void cgroupPathsRefused(String path) {
        InvalidValue e = assertThrows(InvalidValue.class, () -> Checks.cgroupPath(path));
        assertEquals("expected a cgroup path, relative (\"crate\") or absolute (\"/crate\"), without empty, \".\" or \"..\""
                + " parts, got " + Toml.quote(path), e.getMessage());
    }

    @Test
    void networkDriversAndInterfaces() throws InvalidValue {
        assertEquals("bridge", Checks.driverName("bridge"));
        assertThrows(InvalidValue.class, () -> Checks.driverName("Bridge"));
        assertThrows(InvalidValue.class, () -> Checks.driverName(""));
        assertEquals("crate0", Checks.interfaceName("crate0"));
        assertEquals("a23456789012345", Checks.interfaceName("a23456789012345"));
        for (String bad : List.of("", "a234567890123456", ".", "..", "a/b", "a:b", "a b")) {
            assertThrows(InvalidValue.class, () -> Checks.interfaceName(bad), bad);
        }
    }

    @Test
    void seccompProfiles() throws InvalidValue {
        assertEquals("default", Checks.seccompProfile("default"));
        assertEquals("unconfined", Checks.seccompProfile("unconfined"));
        assertEquals("/etc/crate/seccomp.json", Checks.seccompProfile("/etc/crate/seccomp.json"));
        assertEquals("expected \"default\", \"unconfined\" or the absolute path of a profile, got \"seccomp.json\"",
                assertThrows(InvalidValue.class, () -> Checks.seccompProfile("seccomp.json")).getMessage());
        assertEquals(Optional.of(Path.of("/p.json")), new CrateConfig.SecuritySettings("/p.json").seccompProfileFile());
        assertEquals(Optional.empty(), new CrateConfig.SecuritySettings("default").seccompProfileFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker.io", "localhost:5000", "127.0.0.1:5000", "registry-1.docker.io", "quay.io"})
    void registriesTaken(String host) throws InvalidValue {
        assertEquals(host, Checks.registry(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "https://docker.io", "docker.io/library", "-docker.io", "host:99999", "a b", "host:"})
    void registriesRefused(String host) {
        assertThrows(InvalidValue.class, () -> Checks.registry(host));
    }

    @Test
    void mirrorUrls() throws InvalidValue {
        assertEquals("https://mirror.example", Checks.mirrorUrl("https://mirror.example"));
        assertEquals("http://127.0.0.1:5000/prefix", Checks.mirrorUrl("http://127.0.0.1:5000/prefix"));
        for (String bad : List.of("mirror.example", "ftp://mirror.example", "https://", "https://m/?q=1", "https://m b")) {
            assertThrows(InvalidValue.class, () -> Checks.mirrorUrl(bad), bad);
        }
    }

    @Test
    void credentials() throws InvalidValue {
        assertEquals(Optional.empty(), Checks.credentials(""));
        assertEquals(Optional.of(Path.of("/root/auth.json")), Checks.credentials("/root/auth.json"));
        assertThrows(InvalidValue.class, () -> Checks.credentials("auth.json"));
    }

    @Test
    void subnets() throws InvalidValue {
        assertEquals("10.88.0.0/16", Checks.subnet("10.88.0.0/16").toString());
        assertEquals("10.0.0.0/30", Checks.subnet("10.0.0.0/30").toString());
        assertEquals("expected an IPv4 subnet in CIDR notation such as \"10.88.0.0/16\", got \"10.88.0.1/16\": host bits are "
                + "set; the network is 10.88.0.0/16", assertThrows(InvalidValue.class, () -> Checks.subnet("10.88.0.1/16")).getMessage());
        assertTrue(assertThrows(InvalidValue.class, () -> Checks.subnet("10.0.0.0/31")).getMessage()
                .endsWith("got \"10.0.0.0/31\": a /31 has no address for a container besides the gateway; use a prefix of /30 "
                        + "or shorter"));
        for (String bad : List.of("10.88.0.0", "10.88.0/16", "10.88.0.256/24", "10.88.0.0/33", "10.88.0.0/x",
                "010.88.0.0/16", "10.88.0.0/16/1", "a.b.c.d/8", "10.88.0.0/-1", "", "0.0.0.0/0")) {
            assertThrows(InvalidValue.class, () -> Checks.subnet(bad), bad);
        }
    }
}
