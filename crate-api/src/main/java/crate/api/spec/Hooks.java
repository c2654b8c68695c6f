package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The runtime-spec {@code hooks} (POSIX platforms): programs run at points of the
 * container's lifecycle, each list in its order. {@code prestart} is deprecated by the spec
 * but still used (it runs just before {@code createRuntime}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hooks(
        List<Hook> prestart,
        List<Hook> createRuntime,
        List<Hook> createContainer,
        List<Hook> startContainer,
        List<Hook> poststart,
        List<Hook> poststop) {

    public Hooks {
        prestart = prestart == null ? List.of() : List.copyOf(prestart);
        createRuntime = createRuntime == null ? List.of() : List.copyOf(createRuntime);
        createContainer = createContainer == null ? List.of() : List.copyOf(createContainer);
        startContainer = startContainer == null ? List.of() : List.copyOf(startContainer);
        poststart = poststart == null ? List.of() : List.copyOf(poststart);
        poststop = poststop == null ? List.of() : List.copyOf(poststop);
    }

    /** No hooks at all. */
    public static final Hooks NONE = new Hooks(null, null, null, null, null, null);
}
