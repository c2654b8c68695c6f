package crate.runtime;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Containers' state on disk: {@code <root>/<id>/state.json} (written to a temporary file,
 * fsynced and renamed, so a reader never sees half a state), the exec FIFO beside it, and a
 * lock file that serialises the commands acting on one container.
 */
public final class StateStore {
    static final String STATE_FILE = "state.json";
    static final String EXEC_FIFO = "exec.fifo";
    private static final String LOCK_FILE = "lock";

    private final Path root;

    public StateStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    Path dir(String id) {
        return root.resolve(id);
    }

    /** Creates the container's directory; its existence is what makes an id taken. */
    Path create(String id) throws CrateException {
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir(id));
            Files.setPosixFilePermissions(dir(id), java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            return dir(id);
        } catch (FileAlreadyExistsException e) {
            throw new CrateException("container " + id + " already exists");
        } catch (IOException e) {
            throw new CrateException("cannot create the state directory " + dir(id) + ": " + e.getMessage());
        }
    }

    /** An exclusive lock on the container, held until closed. */
    Lock lock(String id) throws CrateException {
        Path file = dir(id).resolve(LOCK_FILE);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new Lock(channel, channel.lock());
        } catch (NoSuchFileException e) {
            throw notFound(id);
        } catch (IOException e) {
            throw new CrateException("cannot lock container " + id + ": " + e.getMessage());
        }
    }

    /** A held lock; closing releases it. */
    record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing the channel releases the lock either way.
            }
        }
    }

    void write(ContainerState state) throws CrateException {
        Path dir = dir(state.id());
        Path temp = dir.resolve(STATE_FILE + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(ContainerStateJson.write(state)));
                out.force(true);
            }
            try {
                Files.move(temp, dir.resolve(STATE_FILE), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the state directory does not support atomic renames", e);
            }
        } catch (IOException e) {
            throw new CrateException("cannot write the state of container " + state.id() + ": " + e.getMessage());
        }
    }

    ContainerState read(String id) throws CrateException {
        Path file = dir(id).resolve(STATE_FILE);
        try {
            return SpecJson.parse(Files.readAllBytes(file), file.toString(), ContainerStateJson::read);
        } catch (NoSuchFileException e) {
            throw notFound(id);
        } catch (IOException e) {
            throw new CrateException("cannot read " + file + ": " + e.getMessage());
        }
    }

    boolean exists(String id) {
        return Files.isRegularFile(dir(id).resolve(STATE_FILE));
    }

    /** The ids of every container with a state file, sorted. */
    List<String> ids() throws CrateException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            List<String> ids = new ArrayList<>();
            dirs.filter(d -> Files.isRegularFile(d.resolve(STATE_FILE)))
                    .map(d -> d.getFileName().toString())
                    .sorted(Comparator.naturalOrder())
                    .forEach(ids::add);
            return ids;
        } catch (IOException e) {
            throw new CrateException("cannot list " + root + ": " + e.getMessage());
        }
    }

    /** Removes the container's directory and everything in it. Idempotent. */
    void remove(String id) throws CrateException {
        Path dir = dir(id);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (DirectoryNotEmptyException e) {
            throw new CrateException("cannot remove " + dir + ": something was added to it meanwhile");
        } catch (IOException e) {
            throw new CrateException("cannot remove " + dir + ": " + e.getMessage());
        }
    }

    static CrateException notFound(String id) {
        return new CrateException("container " + id + " does not exist");
    }
}
