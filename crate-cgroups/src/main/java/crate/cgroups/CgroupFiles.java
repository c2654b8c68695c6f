package crate.cgroups;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading and writing cgroupfs interface files. Every failure names the file and the value,
 * because "Invalid argument" alone does not tell which of a dozen limits the kernel refused.
 */
public final class CgroupFiles {
    private CgroupFiles() {}

    /**
     * Writes {@code value} with one write(2), as the kernel wants it: cgroupfs parses each
     * write on its own, so files that take one entry per line (io.max) need one call per line.
     */
    public static void write(Path file, String value) throws CrateException {
        try {
            Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new CrateException("cannot write \"" + value + "\" to " + file
                    + ": no such file (is the controller enabled, and does the kernel have it?)", e);
        } catch (IOException e) {
            throw new CrateException("cannot write \"" + value + "\" to " + file + ": " + reason(e), e);
        }
    }

    /** The file's content without the trailing newline. */
    public static String read(Path file) throws CrateException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CrateException("cannot read " + file + ": " + reason(e), e);
        }
    }

    /** The file's content, or empty if it does not exist (a controller that is not enabled). */
    public static Optional<String> readIfExists(Path file) throws CrateException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CrateException("cannot read " + file + ": " + reason(e), e);
        }
    }

    /** A single-number file, where "max" (no limit) reads as {@link Long#MAX_VALUE}. */
    public static long readNumber(Path file) throws CrateException {
        return parseNumber(file, read(file));
    }

    /** A flat keyed file ("key value" per line, as memory.stat or cgroup.events); absent: empty. */
    public static Map<String, Long> readFlatKeyed(Path file) throws CrateException {
        Optional<String> text = readIfExists(file);
        Map<String, Long> values = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return values;
        }
        for (String line : text.get().split("\n", -1)) {
            String[] fields = line.strip().split("\\s+", -1);
            if (fields.length == 2) {
                values.put(fields[0], parseNumber(file, fields[1]));
            }
        }
        return values;
    }

    /** The pids in a cgroup.procs (or tasks) file; an absent file reads as none. */
    public static List<Integer> readPids(Path file) throws CrateException {
        List<Integer> pids = new ArrayList<>();
        for (String line : readIfExists(file).orElse("").split("\n", -1)) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.strip()));
            }
        }
        return pids;
    }

    static long parseNumber(Path file, String text) throws CrateException {
        if (text.equals("max")) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CrateException("unexpected value \"" + text + "\" in " + file, e);
        }
    }

    /** The kernel's reason (Java puts strerror in the message, sometimes after the file name). */
    private static String reason(IOException e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int colon = message.lastIndexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }
}
