package crate.app;

import crate.api.CrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What {@code crate run [-r ROOTFS] P [ARG...]} runs: P as a command, or P as an image. The rule:
 * <ol>
 * <li>with {@code -r ROOTFS}, a command (in that rootfs);
 * <li>P starting with {@code /} or {@code .}: a command (a path);
 * <li>P an image in the store, or {@code --pull always}: an image;
 * <li>P an executable on crate's PATH: a command (in the host's root under a throwaway layer);
 * <li>otherwise an image, pulled first unless {@code --pull never}.
 * </ol>
 */
enum RunTarget {
    COMMAND, IMAGE;

    /** {@code --pull}: when crate run pulls the image. */
    enum PullPolicy {
        MISSING, ALWAYS, NEVER;

        static PullPolicy parse(String value) throws CrateException {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "missing" -> MISSING;
                case "always" -> ALWAYS;
                case "never" -> NEVER;
                default -> throw new CrateException("--pull " + value + ": expected missing, always or never");
            };
        }
    }

    /**
     * @param inStore whether the store has an image of that name (asked only when needed)
     * @param onPath whether it is an executable on crate's PATH
     */
    static RunTarget of(String first, boolean rootfsGiven, PullPolicy pull, Predicate<String> inStore,
            Predicate<String> onPath) {
        if (rootfsGiven || first.startsWith("/") || first.startsWith(".")) {
            return COMMAND;
        }
        if (pull == PullPolicy.ALWAYS || inStore.test(first)) {
            return IMAGE;
        }
        return onPath.test(first) ? COMMAND : IMAGE;
    }

    /** Whether {@code name} is an executable file in a directory of {@code environment}'s PATH. */
    static boolean onPath(String name, Map<String, String> environment) {
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            return false;
        }
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }
}
