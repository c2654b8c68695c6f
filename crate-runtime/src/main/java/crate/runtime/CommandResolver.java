package crate.runtime;

import crate.api.CrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the executable for {@code process.args[0]} inside the container, with the
 * container's PATH, as a shell would. Runs in init after pivot_root and after the switch to
 * the container's user, so existence and permissions are checked as the process will see them.
 */
final class CommandResolver {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CommandResolver() {}

    static String resolve(String command, List<String> env) throws CrateException {
        if (command.contains("/")) {
            checkExecutable(Path.of(command), command);
            return command;
        }
        String path = env.stream().filter(e -> e.startsWith("PATH=")).map(e -> e.substring(5))
                .reduce((first, last) -> last).orElse(DEFAULT_PATH);
        Path notExecutable = null;
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(command);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
                notExecutable = notExecutable == null ? candidate : notExecutable;
            }
        }
        if (notExecutable != null) {
            throw new CrateException(notExecutable + ": permission denied: the file is not executable",
                    CrateException.NOT_EXECUTABLE);
        }
        throw new CrateException("\"" + command + "\": executable file not found in $PATH (" + path + ")",
                CrateException.NOT_FOUND);
    }

    private static void checkExecutable(Path file, String command) throws CrateException {
        if (!Files.exists(file)) {
            throw new CrateException(command + ": no such file or directory", CrateException.NOT_FOUND);
        }
        if (Files.isDirectory(file)) {
            throw new CrateException(command + ": is a directory, not an executable", CrateException.NOT_EXECUTABLE);
        }
        if (!Files.isExecutable(file)) {
            throw new CrateException(command + ": permission denied: the file is not executable",
                    CrateException.NOT_EXECUTABLE);
        }
    }
}
