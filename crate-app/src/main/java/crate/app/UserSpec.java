package crate.app;

import crate.api.CrateException;
import crate.api.spec.User;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code -u USER[:GROUP]} (or an image's User) as Docker does: numbers, or names looked
 * up in the container's /etc/passwd and /etc/group ({@link UserFiles}). A user given alone runs with its primary group from passwd.
 */
final class UserSpec {
    private UserSpec() {}

    static User parse(String value, Path rootfs) throws CrateException {
        return parse(value, UserFiles.in(rootfs), "--user");
    }

    /**
     * @param files the container's /etc/passwd and /etc/group
     * @param source what gave the value, for errors: "--user", "the image's User"
     */
    static User parse(String value, UserFiles files, String source) throws CrateException {
        String[] parts = value.split(":", 2);
        String what = source + " " + value;
        if (parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw new CrateException(what + ": expected USER[:GROUP]");
        }
        List<String[]> passwd = entries(files.lines("etc/passwd"));
        int uid;
        int gid;
        if (isNumber(parts[0])) {
            uid = Integer.parseInt(parts[0]);
            Optional<String[]> entry = lookupById(passwd, parts[0]);
            gid = entry.isPresent() ? parseId(entry.get()[3], what) : 0; // Docker: no passwd entry, group 0
        } else {
            String[] entry = lookup(passwd, parts[0]).orElseThrow(() -> new CrateException(
                    what + ": no user \"" + parts[0] + "\" in the container's /etc/passwd"));
            uid = parseId(entry[2], what);
            gid = parseId(entry[3], what);
        }
        if (parts.length == 2) {
            if (isNumber(parts[1])) {
                gid = Integer.parseInt(parts[1]);
            } else {
                String[] group = lookup(entries(files.lines("etc/group")), parts[1]).orElseThrow(() -> new CrateException(
                        what + ": no group \"" + parts[1] + "\" in the container's /etc/group"));
                gid = parseId(group[2], what);
            }
        }
        return new User(uid, gid, null, List.of());
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(c -> c >= '0' && c <= '9') && Long.parseLong(s) <= Integer.MAX_VALUE;
    }

    private static int parseId(String field, String what) throws CrateException {
        if (!isNumber(field)) {
            throw new CrateException(what + ": malformed id \"" + field + "\" in the container's files");
        }
        return Integer.parseInt(field);
    }

    private static Optional<String[]> lookup(List<String[]> entries, String name) {
        return entries.stream().filter(f -> f.length >= 4 && f[0].equals(name)).findFirst();
    }

    private static Optional<String[]> lookupById(List<String[]> entries, String id) {
        return entries.stream().filter(f -> f.length >= 4 && f[2].equals(id)).findFirst();
    }

    private static List<String[]> entries(List<String> lines) {
        return lines.stream().map(line -> line.split(":", -1)).toList();
    }
}
