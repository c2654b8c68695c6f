package crate.image.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "alpine, docker.io/library/alpine:latest",
        "alpine:3.20, docker.io/library/alpine:3.20",
        "library/alpine, docker.io/library/alpine:latest",
        "docker.io/alpine, docker.io/library/alpine:latest",
        "index.docker.io/alpine, docker.io/library/alpine:latest",
        "docker.io/library/alpine:edge, docker.io/library/alpine:edge",
        "foo/bar, docker.io/foo/bar:latest",
        "localhost/foo, localhost/foo:latest",
        "localhost:5000/foo:tag, localhost:5000/foo:tag",
        "127.0.0.1:5000/a/b/c:v1.2_3-x, 127.0.0.1:5000/a/b/c:v1.2_3-x",
        "quay.io/some_org/some-app__x.y, quay.io/some_org/some-app__x.y:latest",
        "Registry/foo, Registry/foo:latest",
    })
    void normalises(String text, String canonical) throws CrateException {
        assertEquals(canonical, ImageReference.parse(text).canonical());
    }

    @Test
    void digestsAndTagPlusDigest() throws CrateException {
        ImageReference r = ImageReference.parse("foo/bar@sha256:" + HEX);
        assertEquals("docker.io", r.registry());
        assertEquals("foo/bar", r.repository());
        assertEquals("sha256:" + HEX, r.manifestReference());
        assertEquals("docker.io/foo/bar@sha256:" + HEX, r.canonical());
        ImageReference both = ImageReference.parse("host:5000/app:1.0@sha256:" + HEX);
        assertEquals("sha256:" + HEX, both.manifestReference(), "the digest wins");
        assertEquals("host:5000/app@sha256:" + HEX, both.canonical());
        assertEquals("1.0", both.tag().orElseThrow());
    }

    @Test
    void apiHostOfDockerHub() throws CrateException {
        assertEquals("registry-1.docker.io", ImageReference.parse("alpine").apiHost());
        assertEquals("localhost:5000", ImageReference.parse("localhost:5000/x").apiHost());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "Alpine| repository names must be lower-case",
        "docker.io/Library/alpine| repository names must be lower-case",
        "alpine@sha256:abc| digest \"sha256:abc\" is not sha256:<64 lower-case hex digits>",
        "alpine@md5:0123| digest \"md5:0123\"",
        ":tag| the repository name is missing",
        "alpine:| tag \"\" must be",
        "alpine:-x| tag \"-x\" must be",
        "foo//bar| repository component \"\"",
        "foo/-bar| repository component \"-bar\"",
        "foo_/bar| repository component \"foo_\"",
        "my_host:99999999999x/foo| registry \"my_host:99999999999x\" is not host[:port]",
        "bad_host.com/foo| registry \"bad_host.com\" is not host[:port]",
    })
    void refuses(String text, String message) {
        CrateException e = assertThrows(CrateException.class, () -> ImageReference.parse(text));
        assertTrue(e.getMessage().startsWith("invalid reference \"" + text + "\": " + message), e.getMessage());
    }

    @Test
    void refusesEmptyAndImageIds() {
        assertEquals("invalid reference \"\": it is empty",
                assertThrows(CrateException.class, () -> ImageReference.parse("")).getMessage());
        assertTrue(assertThrows(CrateException.class, () -> ImageReference.parse(HEX)).getMessage().contains("image ID"));
        assertTrue(assertThrows(CrateException.class, () -> ImageReference.parse("a".repeat(256))).getMessage()
                .contains("longer than 255"));
    }

    @Test
    void unqualifiedNamesAreTriedOnEachRegistry() throws CrateException {
        List<ImageReference> c = ImageReference.candidates("alpine:3", List.of("quay.io", "index.docker.io", "127.0.0.1:5000"));
        assertEquals(List.of("quay.io/alpine:3", "docker.io/library/alpine:3", "127.0.0.1:5000/alpine:3"),
                c.stream().map(ImageReference::canonical).toList());
        assertEquals(List.of("ghcr.io/x/y:latest"),
                ImageReference.candidates("ghcr.io/x/y", List.of("quay.io")).stream().map(ImageReference::canonical).toList());
        assertTrue(ImageReference.isQualified("localhost/x"));
        assertFalse(ImageReference.isQualified("x/y"));
        assertThrows(CrateException.class, () -> ImageReference.candidates("x", List.of()));
    }
}
