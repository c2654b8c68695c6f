package crate.app;

import crate.api.CrateException;
import java.util.regex.Pattern;

/** Container IDs become directory names and hostnames: the characters runc allows, bounded length. */
final class ContainerIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+.-]{0,1023}");

    private ContainerIds() {}

    static String check(String id) throws CrateException {
        if (id == null || id.isEmpty()) {
            throw new CrateException("container ID is empty");
        }
        if (!VALID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw new CrateException("invalid container ID \"" + id + "\": use letters, digits and _ + . -"
                    + " (starting with a letter or digit, at most 1024 characters)");
        }
        return id;
    }
}
