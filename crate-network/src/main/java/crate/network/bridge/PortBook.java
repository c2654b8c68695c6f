package crate.network.bridge;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Which host ports the bridge's containers publish, one file per container in
 * {@code <bridge dir>/ports/}: the container's id on the first line, then its {@code -p}
 * values. The firewall would happily DNAT one host port to two containers; this record lets
 * the driver refuse the second instead.
 *
 * <p>Written under the driver's lock with temp + rename, so a reader never sees half a file.
 * A file whose container is gone (its state directory was removed without a detach, after a
 * crash) no longer counts and is removed by the next {@link #reclaim}.
 */
final class PortBook {
    /** Ids longer than this are stored under their digest (a file name holds at most 255 bytes). */
    private static final int MAX_PLAIN = 200;

    private final Path dir;

    PortBook(Path bridgeDir) {
        this.dir = bridgeDir.resolve("ports");
    }

    /**
     * Fails when {@code ports} wants a host port that another living container publishes.
     *
     * @throws CrateException naming the port and the container holding it
     */
    void checkFree(String containerId, PublishedPorts ports, Predicate<String> alive) throws CrateException {
        if (ports.isEmpty() || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PortBook::isRecord)) {
            for (Path entry : entries) {
                Optional<Entry> other = read(entry);
                if (other.isEmpty() || other.get().id().equals(containerId) || !alive.test(other.get().id())) {
                    continue;
                }
                Optional<String> clash = ports.conflictWith(other.get().ports());
                if (clash.isPresent()) {
                    throw new CrateException(clash.get() + " is already published by container " + other.get().id()
                            + " (-p " + other.get().ports().lines().replace("\n", ", -p ") + ")");
                }
            }
        } catch (IOException e) {
            throw new CrateException("network bridge: cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Records the container's ports (nothing for none). Call with the driver's lock held. */
    void write(String containerId, PublishedPorts ports) throws CrateException {
        if (ports.isEmpty()) {
            remove(containerId);
            return;
        }
        Path file = file(containerId);
        Path temp = dir.resolve("." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.writeString(temp, containerId + "\n" + ports.lines() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CrateException("network bridge: cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Forgets the container's ports; nothing recorded is no error. */
    void remove(String containerId) throws CrateException {
        Path file = file(containerId);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CrateException("network bridge: cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the records of dead containers and temp files a killed writer left. Call with the driver's lock held. */
    void reclaim(Predicate<String> alive) throws CrateException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!isRecord(entry)) {
                    Files.deleteIfExists(entry);
                    continue;
                }
                Optional<Entry> record = read(entry);
                if (record.isPresent() && !alive.test(record.get().id())) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException e) {
            throw new CrateException("network bridge: cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    private record Entry(String id, PublishedPorts ports) {}

    /** The record in {@code file}; empty if it vanished or is not one (a foreign file is never trusted). */
    private static Optional<Entry> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int newline = text.indexOf('\n');
        if (newline <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(text.substring(0, newline), PublishedPorts.parse(text.substring(newline + 1))));
        } catch (CrateException e) {
            return Optional.empty();
        }
    }

    private static boolean isRecord(Path entry) {
        return !entry.getFileName().toString().startsWith(".");
    }

    private Path file(String containerId) {
        if (containerId.length() <= MAX_PLAIN) {
            return dir.resolve(containerId);
        }
        return dir.resolve("sha256-" + IdDigest.hex(containerId));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stray temp file is removed by the next reclaim
        }
    }
}
