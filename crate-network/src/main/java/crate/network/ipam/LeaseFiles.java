package crate.network.ipam;

import crate.linux.ip.Ipv4Address;
import crate.api.CrateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The files of one network's address leases, under its directory:
 *
 * <pre>
 * lock              flock(2)ed (exclusive) around every change, shared around a read
 * last              the address handed out last, "10.88.0.7\n": where the next search starts
 * leases/10.88.0.2  one file per lease, named by the address, holding "CONTAINER-ID\n"
 * tmp/              files being written; empty whenever nobody holds the lock
 * </pre>
 *
 * <p>Crash safety. A lease is written completely (and fsync'ed) under a temporary name in
 * {@code tmp/}, then given its final name with link(2), which, like an O_EXCL create, fails
 * with EEXIST when the name is taken: so two writers can never both take an address, even
 * without the lock, and a lease file never exists half-written. A process killed at any
 * point leaves, for the lease it was taking, either nothing in {@code leases/} or the
 * complete file; a stray file in {@code tmp/} is removed by the next holder of the lock. A
 * complete lease whose holder never came to life is what {@link IpLeases#reclaim} frees.
 * Releasing is one unlink(2), atomic by itself. {@code last} is only a hint, rewritten with
 * temp + rename(2), and ignored when missing or unreadable.
 */
final class LeaseFiles {
    /** The container IDs crate accepts (crate-app's ContainerIds), one line: what a lease holds. */
    static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+.-]{0,1023}");
    /** Longer than any lease file (a 1024-character ID and its newline). */
    private static final int MAX_LEASE_BYTES = 1100;

    private final Path root;
    private final Path leases;
    private final Path tmp;

    LeaseFiles(Path root) {
        this.root = root;
        this.leases = root.resolve("leases");
        this.tmp = root.resolve("tmp");
    }

    Path root() {
        return root;
    }

    Path lockFile() {
        return root.resolve("lock");
    }

    Path leaseFile(Ipv4Address address) {
        return leases.resolve(address.toString());
    }

    /** Whether the directory exists at all (reads of a network never used find nothing, and create nothing). */
    boolean exists() {
        return Files.isDirectory(root);
    }

    /** Creates the directory, its {@code leases/} and {@code tmp/}. */
    void create() throws CrateException {
        try {
            Files.createDirectories(leases);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw failure("cannot create", root, e);
        }
    }

    /** Removes what a process killed while holding the lock left in {@code tmp/}; call with the lock held. */
    void clearTmp() throws CrateException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw failure("cannot clear", tmp, e);
        }
    }

    /** Reads every lease; files that are not leases are listed as problems. */
    LeaseScan scan() throws CrateException {
        TreeMap<Ipv4Address, String> found = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(leases)) {
            return new LeaseScan(found, problems);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(leases)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Ipv4Address address = Ipv4Address.tryParse(name);
                if (address == null) {
                    problems.add("lease file " + entry + ": the name is not an IPv4 address");
                    continue;
                }
                Optional<String> holder = readHolder(entry);
                if (holder.isEmpty()) {
                    problems.add("lease file " + entry + ": not a regular file holding one container ID");
                    continue;
                }
                found.put(address, holder.get());
            }
        } catch (IOException e) {
            throw failure("cannot read", leases, e);
        }
        return new LeaseScan(found, problems);
    }

    /** The container ID in a lease file; empty when the file is not one (a lease removed meanwhile counts too). */
    private static Optional<String> readHolder(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Channels.newInputStream(
                FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            bytes = in.readNBytes(MAX_LEASE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length > MAX_LEASE_BYTES) {
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String id = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return CONTAINER_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /**
     * Takes {@code address} for {@code containerId}: the complete file is written and synced in
     * {@code tmp/}, then linked to its final name. False, and nothing left behind, when the
     * address is already taken.
     */
    boolean create(Ipv4Address address, String containerId) throws CrateException {
        Path temp = tmp.resolve(address + "." + UUID.randomUUID());
        Path lease = leaseFile(address);
        try {
            writeSynced(temp, containerId + "\n");
            try {
                Files.createLink(lease, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            syncDirectory(leases);
            return true;
        } catch (IOException e) {
            throw failure("cannot write", lease, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Left for clearTmp: the lease itself is complete or absent either way.
            }
        }
    }

    /** Removes the lease of {@code address} (nothing if there is none). */
    void delete(Ipv4Address address) throws CrateException {
        Path lease = leaseFile(address);
        try {
            Files.deleteIfExists(lease);
        } catch (IOException e) {
            throw failure("cannot remove", lease, e);
        }
    }

    /** The address handed out last, if the hint file exists and reads as one. */
    Optional<Ipv4Address> readLast() {
        try {
            byte[] bytes = Files.readAllBytes(root.resolve("last"));
            return Optional.ofNullable(Ipv4Address.tryParse(new String(bytes, StandardCharsets.UTF_8).strip()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Replaces the hint atomically (temp + rename), so a reader sees the old or the new address. */
    void writeLast(Ipv4Address address) throws CrateException {
        Path temp = tmp.resolve("last." + UUID.randomUUID());
        try {
            writeSynced(temp, address + "\n");
            Files.move(temp, root.resolve("last"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("cannot write", root.resolve("last"), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Left for clearTmp.
            }
        }
    }

    private static void writeSynced(Path file, String content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** fsync of a directory, so that a new name in it survives a power loss as well. */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static CrateException failure(String what, Path path, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CrateException("IP leases: " + what + " " + path + ": " + reason, e);
    }
}
