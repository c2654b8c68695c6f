package crate.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The build's AOT training run (src/build/aot-train.sh), not a command of crate's. It runs
 * crate commands one after the other in this one JVM, which the script starts with
 * {@code -XX:AOTCacheOutput}, so that the CLI's cache covers every command of the workload,
 * not just one. The containers' inits record their own configuration
 * ({@link Image#INIT_AOT_RECORD}); from it this then assembles init's cache, with the very
 * options {@link Image#initCommand} gives init, which the cache must match.
 *
 * <p>Arguments: the host path of init's recorded configuration, then the commands, each
 * a list of arguments as for {@code crate}, separated by {@code ::}.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path initConfiguration = Path.of(args[0]);
        List<String> command = new ArrayList<>();
        for (String arg : List.of(args).subList(1, args.length)) {
            if ("::".equals(arg)) {
                run(command);
                command.clear();
            } else {
                command.add(arg);
            }
        }
        run(command);
        if (!Files.isRegularFile(initConfiguration)) {
            System.err.println("aot training: init recorded no configuration at " + initConfiguration);
            System.exit(1);
        }
        System.clearProperty(Image.INIT_AOT_RECORD);
        int status = new ProcessBuilder(assemblyCommand(initConfiguration)).inheritIO().start().waitFor();
        System.exit(status);
    }

    private static void run(List<String> command) {
        int status = Main.execute(command.toArray(String[]::new));
        System.err.println("aot training: crate " + String.join(" ", command) + ": exit status " + status);
    }

    /** init's command line, its cache option turned into the assembly of that cache from {@code configuration}. */
    static List<String> assemblyCommand(Path configuration) {
        List<String> argv = new ArrayList<>();
        for (String arg : Image.initCommand(Path.of("/nonexistent")).argv()) {
            if (arg.startsWith("-XX:AOTCache=")) {
                argv.add("-XX:AOTMode=create");
                argv.add("-XX:AOTConfiguration=" + configuration);
            }
            argv.add(arg);
        }
        return argv;
    }
}
