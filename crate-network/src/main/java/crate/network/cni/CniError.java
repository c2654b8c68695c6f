package crate.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A plugin's error result (CNI spec, "Error"): {@code code}, {@code msg} and {@code details},
 * printed on stdout with a non-zero exit status; rendered into one line for a message.
 */
final class CniError {
    /** The spec's well-known codes (1-99 are reserved for it). */
    private static final Map<Integer, String> KNOWN = Map.of(
            1, "incompatible CNI version",
            2, "unsupported field in the network configuration",
            3, "container unknown or does not exist",
            4, "invalid environment variables",
            5, "I/O failure",
            6, "failed to decode content",
            7, "invalid network configuration",
            11, "try again later");

    private CniError() {}

    /**
     * What the plugin said, from its stdout ({@code json}) if that is an error result, else from
     * its stderr's first line, else its exit status.
     */
    static String describe(JsonNode json, String stderr, int exitStatus) {
        String msg = CniJson.text(json, "msg");
        if (msg != null) {
            StringBuilder text = new StringBuilder(msg);
            String details = CniJson.text(json, "details");
            if (details != null && !details.isBlank()) {
                text.append(": ").append(details);
            }
            JsonNode code = json.get("code");
            if (code != null && code.canConvertToInt()) {
                String known = KNOWN.get(code.asInt());
                text.append(" (code ").append(code.asInt()).append(known == null ? "" : ": " + known).append(')');
            }
            return text.toString();
        }
        String line = stderr.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "exit status " + exitStatus : line + " (exit status " + exitStatus + ")";
    }
}
