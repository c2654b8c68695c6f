package crate.runtime;

import java.util.List;

/**
 * How to start {@code crate init}: the executable (the image's java) and its argv. The
 * application knows where its image lives; the runtime only spawns it.
 */
public record InitCommand(String executable, List<String> argv) {
    public InitCommand {
        argv = List.copyOf(argv);
    }
}
