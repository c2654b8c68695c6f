package crate.cgroups.v1;

import crate.api.CrateException;
import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The control files of a real cgroupfs directory. */
final class CgroupDir implements CgroupFiles {
    private final Path dir;

    CgroupDir(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    @Override
    public String where() {
        return dir.toString();
    }

    @Override
    public boolean exists(String file) {
        return Files.exists(dir.resolve(file));
    }

    @Override
    public String read(String file) throws CrateException {
        Path path = dir.resolve(file);
        try {
            return Files.readString(path, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new CrateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Through open/write directly (not NIO) so that the caller sees the kernel's errno. */
    @Override
    public void write(String file, String value) throws ErrnoException {
        String path = dir.resolve(file).toString();
        String call = "write \"" + value + "\" to " + path;
        int fd;
        try {
            fd = Syscalls.open(path, Syscalls.O_WRONLY | Syscalls.O_CLOEXEC);
        } catch (ErrnoException e) {
            throw new ErrnoException(call, e.errno());
        }
        try {
            Fds.writeAll(fd, value.getBytes(StandardCharsets.US_ASCII));
        } catch (ErrnoException e) {
            throw new ErrnoException(call, e.errno());
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }
}
