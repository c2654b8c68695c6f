package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The runtime-spec state of a container (runtime.md, "State"): what {@code state} prints and
 * what every hook reads on its stdin.
 *
 * @param ociVersion the runtime-spec version of the container's config.json
 * @param pid the container process's pid (as seen by the runtime for hooks run in the
 *     runtime's namespaces, as seen in the container for the others); 0, left out of the
 *     JSON, when there is none
 * @param bundle the absolute path of the bundle directory
 * @param annotations the config's annotations; left out of the JSON when empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record State(
        String ociVersion,
        String id,
        Status status,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int pid,
        String bundle,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    public State {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The spec's status values, and runc's {@code paused} (a frozen container). */
    public enum Status {
        /** The container is being created (lifecycle step 2). */
        @JsonProperty("creating") CREATING,
        /** Created; the user's program has neither run nor exited. */
        @JsonProperty("created") CREATED,
        /** The user's program was executed and has not exited. */
        @JsonProperty("running") RUNNING,
        /** The container's process has exited. */
        @JsonProperty("stopped") STOPPED,
        /** runc's addition: every process of the container is frozen. */
        @JsonProperty("paused") PAUSED;

        /** "created", as in the state JSON and in messages. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
