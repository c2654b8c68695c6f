package crate.app;

import crate.api.CrateException;
import java.util.List;

/** {@code -e K=V} and {@code -e K}, as Docker reads them. */
final class EnvFlags {
    private EnvFlags() {}

    /** K=V sets; a bare K copies crate's own value if it has one. */
    static void add(List<String> environment, String variable) throws CrateException {
        int eq = variable.indexOf('=');
        String key = eq < 0 ? variable : variable.substring(0, eq);
        if (key.isEmpty()) {
            throw new CrateException("--env " + variable + ": the variable has no name");
        }
        String value = eq < 0 ? System.getenv(key) : variable.substring(eq + 1);
        if (value != null) {
            set(environment, key, value);
        }
    }

    /** Sets {@code key} to {@code value}, replacing an earlier value. */
    static void set(List<String> environment, String key, String value) {
        environment.removeIf(e -> e.startsWith(key + "="));
        environment.add(key + "=" + value);
    }
}
