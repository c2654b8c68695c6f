package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One entry of a runtime-spec hook list: a program the runtime runs at a point of the
 * container's lifecycle, with the container's state as JSON on its stdin.
 *
 * @param path absolute path of the program (as execv's path)
 * @param args its argv, {@code args[0]} included; empty means {@code [path]}
 * @param env its whole environment (nothing is inherited); empty means none
 * @param timeout seconds before the hook is killed; null means no limit
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
    public Hook {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
    }
}
