package crate.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.CrateException;
import crate.image.reference.Platform;
import crate.image.store.Digests;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads manifests and indexes (pure logic, no I/O): which kind a document is, the platform's
 * entry of an index (attestation manifests skipped), and an image manifest's config and layers.
 */
final class ManifestParser {
    static final String REFERENCE_TYPE = "vnd.docker.reference.type";
    static final String ATTESTATION = "attestation-manifest";

    private ManifestParser() {}

    /** A manifest document: its media type (from the header or the document), its bytes and JSON. */
    @SuppressWarnings("ArrayRecordComponent") // read-only after parsing; never compared
    record Document(String mediaType, byte[] bytes, JsonNode json) {}

    /**
     * Parse a document; the media type is the Content-Type when it is a known one, else the
     * document's {@code mediaType}, else what its shape says (OCI allows both to be absent).
     */
    static Document read(String where, String contentType, byte[] bytes) throws CrateException {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new CrateException(where + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (json == null || !json.isObject()) {
            throw new CrateException(where + ": not a JSON object");
        }
        String header = MediaTypes.bare(contentType);
        String field = json.path("mediaType").asText("");
        String type;
        if (MediaTypes.isSchema1(header) || MediaTypes.isSchema1(field) || json.path("schemaVersion").asInt(0) == 1) {
            throw new CrateException(where + ": Docker image manifest schema 1 is not supported (deprecated since 2017);"
                    + " push the image again with a current client");
        } else if (MediaTypes.isIndex(header) || MediaTypes.isManifest(header)) {
            type = header;
        } else if (MediaTypes.isIndex(field) || MediaTypes.isManifest(field)) {
            type = field;
        } else if (field.isEmpty() && json.has("manifests")) {
            type = MediaTypes.OCI_INDEX;
        } else if (field.isEmpty() && json.has("config") && json.has("layers")) {
            type = MediaTypes.OCI_MANIFEST;
        } else {
            String t = !field.isEmpty() ? field : header;
            throw new CrateException(where + ": unsupported manifest type \"" + t + "\" (crate reads OCI and Docker schema 2"
                    + " manifests and indexes)");
        }
        if (json.path("schemaVersion").asInt(0) != 2) {
            throw new CrateException(where + ": schemaVersion is " + json.path("schemaVersion") + ", expected 2");
        }
        return new Document(type, bytes, json);
    }

    /**
     * The entry of an index for {@code platform}: the first that matches it, skipping
     * attestation manifests (annotation {@code vnd.docker.reference.type: attestation-manifest},
     * or platform {@code unknown/unknown}).
     */
    static Descriptor select(String where, JsonNode index, Platform platform) throws CrateException {
        JsonNode manifests = index.path("manifests");
        if (!manifests.isArray()) {
            throw new CrateException(where + ": index without a manifests list");
        }
        Set<String> offered = new LinkedHashSet<>();
        for (JsonNode entry : manifests) {
            if (isAttestation(entry)) {
                continue;
            }
            JsonNode p = entry.path("platform");
            if (!p.isObject() || p.path("os").asText("").isEmpty() || p.path("architecture").asText("").isEmpty()) {
                continue;
            }
            Platform candidate = new Platform(p.path("os").asText(), p.path("architecture").asText(), p.path("variant").asText(""));
            offered.add(candidate.toString());
            if (platform.matches(candidate)) {
                Descriptor d = descriptor(where + ": manifest for " + candidate, entry);
                if (!MediaTypes.isManifest(d.mediaType())) {
                    throw new CrateException(where + ": the entry for " + candidate + " is a " + d.mediaType()
                            + ", not an image manifest");
                }
                return d;
            }
        }
        throw new CrateException(where + ": no image for " + platform + " (the index has "
                + (offered.isEmpty() ? "no platforms" : String.join(", ", offered)) + ")");
    }

    static boolean isAttestation(JsonNode entry) {
        if (ATTESTATION.equals(entry.path("annotations").path(REFERENCE_TYPE).asText(""))) {
            return true;
        }
        JsonNode p = entry.path("platform");
        return "unknown".equals(p.path("os").asText("")) && "unknown".equals(p.path("architecture").asText(""));
    }

    /** An image manifest's config and layers; refuses non-images, foreign layers and unknown layer types. */
    static ResolvedImage image(String where, String name, String repository, String digest, Document doc)
            throws CrateException {
        JsonNode json = doc.json();
        Descriptor config = descriptor(where + ": config", json.path("config"));
        if (!MediaTypes.isConfig(config.mediaType())) {
            throw new CrateException(where + ": not a container image (config media type \"" + config.mediaType() + "\")");
        }
        JsonNode layers = json.path("layers");
        if (!layers.isArray()) {
            throw new CrateException(where + ": manifest without a layers list");
        }
        List<Descriptor> list = new ArrayList<>();
        for (JsonNode layer : layers) {
            Descriptor d = descriptor(where + ": layer " + list.size(), layer);
            String id = "layer " + Digests.shortForm(d.digest());
            if (MediaTypes.isForeignLayer(d.mediaType()) || layer.has("urls")) {
                throw new CrateException(where + ": " + id + " is a foreign (non-distributable) layer (" + d.mediaType()
                        + "); crate pulls only layers the registry holds");
            }
            if (!MediaTypes.isLayer(d.mediaType())) {
                throw new CrateException(where + ": " + id + " has unsupported media type \"" + d.mediaType()
                        + "\" (crate reads tar layers, plain, gzip or zstd)");
            }
            list.add(d);
        }
        return new ResolvedImage(name, repository, digest, doc.bytes(), config, list);
    }

    /** A descriptor's media type, sha256 digest and size, each checked. */
    static Descriptor descriptor(String where, JsonNode node) throws CrateException {
        if (!node.isObject()) {
            throw new CrateException(where + ": descriptor missing");
        }
        String mediaType = node.path("mediaType").asText("");
        String digest = node.path("digest").asText("");
        JsonNode size = node.get("size");
        if (mediaType.isEmpty()) {
            throw new CrateException(where + ": descriptor without mediaType");
        }
        if (!Digests.valid(digest)) {
            throw new CrateException(where + ": digest \"" + digest + "\" is not sha256:<64 lower-case hex digits>");
        }
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw new CrateException(where + ": descriptor " + Digests.shortForm(digest) + " has no valid size");
        }
        return new Descriptor(mediaType, digest, size.asLong());
    }
}
