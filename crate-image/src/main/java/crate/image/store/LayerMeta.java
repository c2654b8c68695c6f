package crate.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * What {@code layers/sha256/<chain>/meta.json} records about an unpacked layer.
 *
 * @param blob the compressed blob it was unpacked from
 * @param size the bytes of its regular files
 */
public record LayerMeta(String chainId, String diffId, String blob, String mediaType, long size) {
    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("chainId", chainId);
        node.put("diffId", diffId);
        node.put("blob", blob);
        node.put("mediaType", mediaType);
        node.put("size", size);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static LayerMeta fromJson(byte[] json) throws IOException {
        JsonNode node = JSON.readTree(json);
        return new LayerMeta(node.path("chainId").asText(""), node.path("diffId").asText(""),
                node.path("blob").asText(""), node.path("mediaType").asText(""), node.path("size").asLong());
    }
}
