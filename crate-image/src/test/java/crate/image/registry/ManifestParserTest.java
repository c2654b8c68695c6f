package crate.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.CrateException;
import crate.image.reference.Platform;
import crate.image.registry.ManifestParser.Document;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);
    private static final String D = "sha256:" + "d".repeat(64);

    private static String entry(String digest, String platform, String annotations) {
        return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":500"
                + (platform.isEmpty() ? "" : ",\"platform\":" + platform) + (annotations.isEmpty() ? "" : ",\"annotations\":" + annotations) + "}";
    }

    private static JsonNode index() throws Exception {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + entry(D, "{\"os\":\"unknown\",\"architecture\":\"unknown\"}", "") + ","
                + entry(C, "{\"os\":\"linux\",\"architecture\":\"amd64\"}",
                        "{\"vnd.docker.reference.type\":\"attestation-manifest\",\"vnd.docker.reference.digest\":\"" + A + "\"}") + ","
                + entry(A, "{\"os\":\"linux\",\"architecture\":\"amd64\"}", "") + ","
                + entry(B, "{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}", "") + "]}";
        return new ObjectMapper().readTree(json);
    }

    @Test
    void selectsThePlatformSkippingAttestations() throws Exception {
        assertEquals(A, ManifestParser.select("i", index(), Platform.parse("linux/amd64")).digest());
        assertEquals(B, ManifestParser.select("i", index(), Platform.parse("linux/arm64")).digest());
        assertEquals(B, ManifestParser.select("i", index(), Platform.parse("linux/arm64/v8")).digest());
        assertEquals(500, ManifestParser.select("i", index(), Platform.parse("linux/amd64")).size());
    }

    @Test
    void noMatchListsWhatIsThere() throws Exception {
        CrateException e = assertThrows(CrateException.class, () -> ManifestParser.select("manifest x", index(), Platform.parse("linux/s390x")));
        assertEquals("manifest x: no image for linux/s390x (the index has linux/amd64, linux/arm64/v8)", e.getMessage());
    }

    @Test
    void attestationOnlyIndexHasNoPlatforms() throws Exception {
        JsonNode only = new ObjectMapper().readTree("{\"schemaVersion\":2,\"manifests\":["
                + entry(D, "{\"os\":\"unknown\",\"architecture\":\"unknown\"}", "") + "]}");
        assertEquals("m: no image for linux/amd64 (the index has no platforms)",
                assertThrows(CrateException.class, () -> ManifestParser.select("m", only, Platform.parse("linux/amd64"))).getMessage());
    }

    private static Document doc(String contentType, String json) throws CrateException {
        return ManifestParser.read("manifest r", contentType, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String manifest(String layerType) {
        return "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + A + "\",\"size\":7},"
                + "\"layers\":[{\"mediaType\":\"" + layerType + "\",\"digest\":\"" + B + "\",\"size\":9}]}";
    }

    @Test
    void readsKindsFromHeaderDocumentOrShape() throws CrateException {
        assertEquals(MediaTypes.OCI_MANIFEST, doc("", manifest(MediaTypes.OCI_LAYER_GZIP)).mediaType());
        assertEquals(MediaTypes.DOCKER_MANIFEST, doc(MediaTypes.DOCKER_MANIFEST + "; charset=utf-8", manifest(MediaTypes.OCI_LAYER)).mediaType());
        assertEquals(MediaTypes.OCI_INDEX, doc("application/json", "{\"schemaVersion\":2,\"manifests\":[]}").mediaType());
        assertEquals(MediaTypes.DOCKER_LIST, doc("", "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_LIST + "\",\"manifests\":[]}").mediaType());
    }

    @Test
    void refusesSchema1AndStrangeDocuments() {
        assertTrue(assertThrows(CrateException.class, () -> doc(MediaTypes.DOCKER_SCHEMA1_SIGNED, "{\"schemaVersion\":1}"))
                .getMessage().startsWith("manifest r: Docker image manifest schema 1 is not supported"));
        assertTrue(assertThrows(CrateException.class, () -> doc("", "{\"schemaVersion\":1,\"fsLayers\":[]}"))
                .getMessage().contains("schema 1"));
        assertTrue(assertThrows(CrateException.class, () -> doc("", "[1]")).getMessage().endsWith("not a JSON object"));
        assertTrue(assertThrows(CrateException.class, () -> doc("", "{\"schemaVersion\":2,")).getMessage()
                .startsWith("manifest r: not valid JSON"));
        assertEquals("manifest r: unsupported manifest type \"application/vnd.example+json\" (crate reads OCI and Docker schema 2"
                + " manifests and indexes)", assertThrows(CrateException.class,
                        () -> doc("", "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example+json\"}")).getMessage());
    }

    @Test
    void imageTakesEveryDistributableLayerType() throws CrateException {
        for (String t : List.of(MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD, MediaTypes.DOCKER_LAYER_GZIP)) {
            ResolvedImage img = ManifestParser.image("m", "n", "r", C, doc("", manifest(t)));
            assertEquals(new Descriptor(MediaTypes.OCI_CONFIG, A, 7), img.config());
            assertEquals(List.of(new Descriptor(t, B, 9)), img.layers());
            assertEquals(C, img.manifestDigest());
        }
    }

    @Test
    void refusesForeignAndUnknownLayersAndNonImages() throws CrateException {
        Document foreign = doc("", manifest("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"));
        assertEquals("m: layer sha256:bbbbbbbbbbbb is a foreign (non-distributable) layer"
                + " (application/vnd.docker.image.rootfs.foreign.diff.tar.gzip); crate pulls only layers the registry holds",
                assertThrows(CrateException.class, () -> ManifestParser.image("m", "n", "r", C, foreign)).getMessage());
        Document nondist = doc("", manifest("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"));
        assertTrue(assertThrows(CrateException.class, () -> ManifestParser.image("m", "n", "r", C, nondist)).getMessage()
                .contains("non-distributable"));
        Document helm = doc("", manifest("application/vnd.cncf.helm.chart.content.v1.tar+gzip"));
        assertTrue(assertThrows(CrateException.class, () -> ManifestParser.image("m", "n", "r", C, helm)).getMessage()
                .contains("unsupported media type \"application/vnd.cncf.helm.chart.content.v1.tar+gzip\""));
        Document artifact = doc("", manifest(MediaTypes.OCI_LAYER).replace(MediaTypes.OCI_CONFIG, "application/vnd.cncf.helm.config.v1+json"));
        assertEquals("m: not a container image (config media type \"application/vnd.cncf.helm.config.v1+json\")",
                assertThrows(CrateException.class, () -> ManifestParser.image("m", "n", "r", C, artifact)).getMessage());
        Document badDigest = doc("", manifest(MediaTypes.OCI_LAYER).replace(B, "sha256:XYZ"));
        assertEquals("m: layer 0: digest \"sha256:XYZ\" is not sha256:<64 lower-case hex digits>",
                assertThrows(CrateException.class, () -> ManifestParser.image("m", "n", "r", C, badDigest)).getMessage());
        Document badSize = doc("", manifest(MediaTypes.OCI_LAYER).replace("\"size\":9", "\"size\":-1"));
        assertTrue(assertThrows(CrateException.class, () -> ManifestParser.image("m", "n", "r", C, badSize)).getMessage()
                .endsWith("has no valid size"));
    }
}
