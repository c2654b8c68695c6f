package crate.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One image in the index ({@code images/<id hex>.json}); its names live in
 * {@code images/names.json}.
 *
 * @param id the configuration's digest
 * @param manifestDigest the manifest it was last pulled by
 * @param repoDigests {@code registry/repository@sha256:...} it was pulled as
 * @param layers the chain IDs of its layers, bottom first
 * @param size the bytes of its unpacked layers
 */
public record ImageRecord(String id, String manifestDigest, List<String> repoDigests, List<String> layers, long size,
        Instant created) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ImageRecord {
        repoDigests = List.copyOf(repoDigests);
        layers = List.copyOf(layers);
    }

    byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("manifestDigest", manifestDigest);
        repoDigests.forEach(node.putArray("repoDigests")::add);
        layers.forEach(node.putArray("layers")::add);
        node.put("size", size);
        node.put("created", created.toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ImageRecord fromJson(byte[] json) throws IOException {
        JsonNode node = JSON.readTree(json);
        List<String> repoDigests = new ArrayList<>();
        node.path("repoDigests").forEach(n -> repoDigests.add(n.asText()));
        List<String> layers = new ArrayList<>();
        node.path("layers").forEach(n -> layers.add(n.asText()));
        for (String digest : layers) {
            if (!Digests.valid(digest)) {
                throw new IOException("layer " + digest + " is not a sha256 digest");
            }
        }
        String id = node.path("id").asText("");
        if (!Digests.valid(id)) {
            throw new IOException("id " + id + " is not a sha256 digest");
        }
        return new ImageRecord(id, node.path("manifestDigest").asText(""), repoDigests, layers,
                node.path("size").asLong(), Instant.parse(node.path("created").asText(Instant.EPOCH.toString())));
    }
}
