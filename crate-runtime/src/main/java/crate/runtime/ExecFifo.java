package crate.runtime;

import crate.api.CrateException;
import crate.linux.Fds;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runtime's end of the exec FIFO ({@code crate start}): opening it lets the waiting init
 * go on; init writes {@link InitProtocol#STARTED}, then the FIFO reads end of file once the
 * process is executed, or {@link InitProtocol#NOT_EXECUTED} if init failed first.
 */
final class ExecFifo {
    private ExecFifo() {}

    /**
     * Lets init go, removes the FIFO (the container is no longer "created") and waits until
     * init executed the process.
     *
     * @return false if init failed instead
     */
    static boolean start(Path fifo, ContainerState state) throws CrateException {
        int fd = Syscalls.open(fifo.toString(), Syscalls.O_RDONLY | Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC);
        try {
            awaitStarted(fd, state);
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                throw new CrateException("cannot remove " + fifo + ": " + e.getMessage());
            }
            return awaitExecuted(fd);
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }

    /**
     * Init opens the FIFO for writing as soon as a reader exists and writes one byte. Until
     * then a non-blocking read sees end of file; if init dies meanwhile, start fails instead
     * of hanging.
     */
    private static void awaitStarted(int fd, ContainerState state) throws CrateException {
        byte[] buf = new byte[1];
        while (true) {
            int n = Fds.readNonBlocking(fd, buf);
            if (n > 0) {
                return;
            }
            // Init may have written its byte, executed the process and seen it end (/bin/false)
            // since that read: a byte written before it died is in the pipe now.
            if (!InitProcess.alive(state.pid(), state.startTime())) {
                if (Fds.readNonBlocking(fd, buf) > 0) {
                    return;
                }
                throw new CrateException("cannot start container " + state.id() + ": its init process has exited");
            }
            Waits.sleep(2);
        }
    }

    /** After the start byte: end of file when init executed the process (or died), a byte if it failed. */
    private static boolean awaitExecuted(int fd) throws CrateException {
        byte[] buf = new byte[1];
        while (true) {
            int n = Fds.readNonBlocking(fd, buf);
            if (n == 0) {
                return true;
            }
            if (n > 0) {
                return buf[0] != InitProtocol.NOT_EXECUTED;
            }
            Waits.sleep(1);
        }
    }
}
