package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.ConsoleSize;
import crate.api.spec.Process;
import crate.linux.ErrnoException;
import crate.linux.Pty;
import crate.linux.Syscalls;
import crate.linux.UnixSocket;
import crate.linux.WindowSize;

/**
 * The container's side of {@code process.terminal}, in init: a new pty from the container's
 * own /dev/ptmx, its master sent to the runtime's console socket ({@link ConsoleSocket}),
 * its slave made the controlling terminal and the stdin, stdout and stderr of the container's
 * process. As runc does it.
 *
 * <p>It must run after the mounts and pivot_root (so that /dev/ptmx is the container's
 * devpts, and the slave is /dev/pts/N there) and before the switch to the container's user
 * (opening the ptmx, fchown and TIOCSCTTY need root); {@link InitStage} runs it just before
 * the first isolator of order {@code ORDER_CREDENTIALS} or later. Init leads its own session
 * already (the runtime spawns it with POSIX_SPAWN_SETSID); it calls setsid itself otherwise.
 */
final class InitConsole {
    private final Process process;
    private final int socket;
    private boolean done;

    private InitConsole(Process process, int socket, boolean done) {
        this.process = process;
        this.socket = socket;
        this.done = done;
    }

    /** The console step for {@code process}: nothing to do when process.terminal is false. */
    static InitConsole of(Process process, int socket) {
        return new InitConsole(process, socket, !process.terminal());
    }

    /** Sets the terminal up, the first time it is called; later calls do nothing. */
    void setUp() throws CrateException {
        if (done) {
            return;
        }
        done = true;
        try {
            setUpTerminal();
        } catch (ErrnoException e) {
            throw new CrateException("process.terminal: " + e.getMessage(), e);
        }
    }

    private void setUpTerminal() throws CrateException {
        int master = Pty.openMaster(Pty.PTMX);
        int slave = -1;
        try {
            slave = Pty.openSlave(master);
            // The container's user owns its terminal; the group stays the devpts gid= option's (tty).
            Syscalls.fchown(slave, process.user().uid(), -1);
            ConsoleSize size = process.consoleSize();
            if (size != null && size.height() > 0 && size.width() > 0) {
                Pty.setWindowSize(master, new WindowSize(size.height(), size.width()));
            }
            UnixSocket.sendFd(socket, master, Pty.PTMX);
        } catch (CrateException e) {
            Syscalls.closeQuietly(slave);
            throw e;
        } finally {
            Syscalls.closeQuietly(master);
            Syscalls.closeQuietly(socket);
        }
        try {
            if (Syscalls.getsid() != Syscalls.getpid()) {
                Syscalls.setsid();
            }
            Pty.setControllingTerminal(slave);
            for (int fd = 0; fd <= 2; fd++) {
                Syscalls.dup2(slave, fd);
            }
        } finally {
            Syscalls.closeQuietly(slave);
        }
    }
}
