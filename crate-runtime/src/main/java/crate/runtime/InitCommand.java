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

    /** The same command with one more argument at the end (for init's own main). */
    InitCommand withArgument(String argument) {
        List<String> more = new java.util.ArrayList<>(argv);
        more.add(argument);
        return new InitCommand(executable, more);
    }
}
