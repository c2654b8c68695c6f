package crate.image.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.CrateException;
import crate.api.image.ImageConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image configuration (OCI image-spec {@code application/vnd.oci.image.config.v1+json},
 * Docker's container image JSON) as far as crate uses it.
 *
 * @param diffIds {@code rootfs.diff_ids}: the uncompressed layers' digests, bottom first
 */
public record ConfigDocument(ImageConfig config, Instant created, List<String> diffIds) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ConfigDocument {
        diffIds = List.copyOf(diffIds);
    }

    /** Parses and checks a configuration: rootfs must be layers, every diff ID a sha256 digest. */
    public static ConfigDocument parse(byte[] json) throws CrateException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new CrateException("image configuration is not JSON: " + firstLine(e));
        }
        if (root == null || !root.isObject()) {
            throw new CrateException("image configuration is not a JSON object");
        }
        JsonNode rootfs = root.path("rootfs");
        if (!rootfs.path("type").asText("").equals("layers") || !rootfs.path("diff_ids").isArray()) {
            throw new CrateException("image configuration has no rootfs of type \"layers\" with diff_ids");
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonNode id : rootfs.path("diff_ids")) {
            if (!Digests.valid(id.asText(null))) {
                throw new CrateException("image configuration: diff_id " + id + " is not a sha256 digest");
            }
            diffIds.add(id.asText());
        }
        JsonNode c = root.path("config");
        List<String> ports = new ArrayList<>();
        c.path("ExposedPorts").properties().forEach(e -> ports.add(e.getKey()));
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText("")));
        ImageConfig config = new ImageConfig(strings(c.path("Entrypoint")), strings(c.path("Cmd")), strings(c.path("Env")),
                c.path("WorkingDir").asText(""), c.path("User").asText(""), ports, labels,
                root.path("os").asText(""), root.path("architecture").asText(""), root.path("variant").asText(""));
        Instant created = Instant.EPOCH;
        String text = root.path("created").asText("");
        if (!text.isEmpty()) {
            try {
                created = Instant.parse(text);
            } catch (DateTimeParseException e) {
                created = Instant.EPOCH; // a malformed time is not worth refusing the image for
            }
        }
        return new ConfigDocument(config, created, diffIds);
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isTextual()) {
            out.add(node.asText()); // a string Cmd is what some old images carry
        }
        return out;
    }

    private static String firstLine(java.io.IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.toString() : message.lines().findFirst().orElse("");
    }
}
