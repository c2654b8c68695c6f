package org.example.crate.audit;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.api.spi.Isolator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records each phase crate runs it in, one line per phase, in the host file a container names
 * with the annotation {@value #LOG}. Containers without the annotation are left alone, so
 * dropping the plugin in changes nothing until a container asks for it.
 *
 * <p>The phases run in two places: prepare, attach and release in the crate command on the
 * host; mount and enter in the container's {@code crate init}, inside its namespaces, where
 * this process is PID 1. After {@code pivot_root} (the built-in namespaces isolator, order
 * 100, before this one) the host's file is out of sight, so mount opens it and enter writes
 * through the open file and closes it before init executes the container's process.
 */
public final class AuditIsolator implements Isolator {
    /** The annotation naming the log file: an absolute path on the host. */
    public static final String LOG = "org.example.audit.log";

    private FileChannel insideInit; // opened by mount, closed by enter

    @Override
    public String name() {
        return "example-audit";
    }

    @Override
    public void prepare(ContainerContext container) throws CrateException {
        String log = container.spec().annotations().get(LOG);
        if (log != null && !log.startsWith("/")) {
            // prepare is where an isolator refuses a container: nothing exists yet.
            throw new CrateException("example-audit: annotation " + LOG + " must be an absolute path, got \"" + log + "\"");
        }
        record(container, "prepare");
    }

    @Override
    public void attach(ContainerContext container, int initPid) throws CrateException {
        record(container, "attach init=" + initPid);
    }

    @Override
    public void mount(ContainerContext container, Path rootfs) throws CrateException {
        String log = container.spec().annotations().get(LOG);
        if (log == null) {
            return;
        }
        try {
            insideInit = FileChannel.open(Path.of(log), StandardOpenOption.APPEND, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            write(insideInit, container, "mount");
        } catch (IOException e) {
            throw new CrateException("example-audit: " + log + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void enter(ContainerContext container, Path rootfs) throws CrateException {
        if (insideInit == null) {
            return;
        }
        try (FileChannel log = insideInit) {
            insideInit = null;
            String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            write(log, container, "enter hostname=" + hostname);
        } catch (IOException e) {
            throw new CrateException("example-audit: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(ContainerContext container) {
        try {
            record(container, "release");
        } catch (CrateException e) {
            System.err.println("crate: warning: " + e.getMessage()); // release must not fail
        }
    }

    private static void record(ContainerContext container, String what) throws CrateException {
        String log = container.spec().annotations().get(LOG);
        if (log == null || !log.startsWith("/")) {
            return; // none asked for, or refused by prepare (release still runs then)
        }
        try (FileChannel channel = FileChannel.open(Path.of(log), StandardOpenOption.APPEND, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            write(channel, container, what);
        } catch (IOException e) {
            throw new CrateException("example-audit: " + log + ": " + e.getMessage(), e);
        }
    }

    /** One line, "PHASE ID pid=N ...": N is this process as it sees itself (1 for the container's init). */
    private static void write(FileChannel channel, ContainerContext container, String what) throws IOException {
        String[] words = what.split(" ", 2);
        String line = words[0] + " " + container.id() + " pid=" + ProcessHandle.current().pid()
                + (words.length > 1 ? " " + words[1] : "") + "\n";
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
