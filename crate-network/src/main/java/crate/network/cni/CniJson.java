package crate.network.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the cni driver (configurations, results, errors and the cache are all JSON). */
final class CniJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private CniJson() {}

    /** Parses {@code text}; null if it is not JSON at all (the caller says what it expected). */
    static JsonNode tryParse(String text) {
        try {
            return text == null || text.isBlank() ? null : MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The text of {@code field} if it is a string, else null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
