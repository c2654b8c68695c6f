package crate.app;

import crate.api.CrateException;
import crate.api.spec.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code -u USER[:GROUP]} as Docker does: numbers, or names looked up in the rootfs's
 * /etc/passwd and /etc/group. A user given alone runs with its primary group from passwd.
 */
final class UserSpec {
    private UserSpec() {}

    static User parse(String value, Path rootfs) throws CrateException {
        String[] parts = value.split(":", 2);
        if (parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw new CrateException("--user " + value + ": expected USER[:GROUP]");
        }
        Optional<String[]> passwd = isNumber(parts[0]) ? Optional.empty() : lookup(rootfs.resolve("etc/passwd"), parts[0]);
        int uid;
        int gid;
        if (isNumber(parts[0])) {
            uid = Integer.parseInt(parts[0]);
            Optional<String[]> entry = lookupById(rootfs.resolve("etc/passwd"), parts[0]);
            gid = entry.isPresent() ? parseId(entry.get()[3], value) : 0; // Docker: no passwd entry, group 0
        } else {
            String[] entry = passwd.orElseThrow(() -> new CrateException(
                    "--user " + value + ": no user \"" + parts[0] + "\" in the container's /etc/passwd"));
            uid = parseId(entry[2], value);
            gid = parseId(entry[3], value);
        }
        if (parts.length == 2) {
            if (isNumber(parts[1])) {
                gid = Integer.parseInt(parts[1]);
            } else {
                String[] group = lookup(rootfs.resolve("etc/group"), parts[1]).orElseThrow(() -> new CrateException(
                        "--user " + value + ": no group \"" + parts[1] + "\" in the container's /etc/group"));
                gid = parseId(group[2], value);
            }
        }
        return new User(uid, gid, null, List.of());
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(c -> c >= '0' && c <= '9') && Long.parseLong(s) <= Integer.MAX_VALUE;
    }

    private static int parseId(String field, String value) throws CrateException {
        if (!isNumber(field)) {
            throw new CrateException("--user " + value + ": malformed id \"" + field + "\" in the container's files");
        }
        return Integer.parseInt(field);
    }

    private static Optional<String[]> lookup(Path file, String name) {
        return entries(file).stream().filter(f -> f.length >= 4 && f[0].equals(name)).findFirst();
    }

    private static Optional<String[]> lookupById(Path file, String id) {
        return entries(file).stream().filter(f -> f.length >= 4 && f[2].equals(id)).findFirst();
    }

    private static List<String[]> entries(Path file) {
        try {
            return Files.readAllLines(file).stream().map(line -> line.split(":", -1)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
