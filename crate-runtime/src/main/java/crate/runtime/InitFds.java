package crate.runtime;

import java.util.List;

/**
 * Where init's fds are. Without passed fds: 0-2 are stdio, then {@link InitProtocol}'s (the
 * context pipe 3, the report pipe 4, the exec FIFO or the mount namespace 5, then the console
 * socket). With N {@link PassedFds}, those take 3..N+2 and every protocol fd is N higher.
 *
 * <p>So the passed fds are where the container's process must find them from the first
 * instruction of init on, and init never moves one: a dup2 down to 3 right before execve
 * could land on an fd that init's JVM opened meanwhile (every protocol fd is closed before
 * the end, and the JVM takes the lowest free number). runc lays out {@code runc init}'s fds
 * the same way. Init learns N from its command line ({@link #ARGUMENT}), as it must before
 * it reads its first pipe.
 */
record InitFds(int passed) {
    static final InitFds NONE = new InitFds(0);
    static final String ARGUMENT = "--passed-fds=";

    /** In the runtime: init's command, told how many fds it is passed. */
    static InitCommand command(InitCommand command, PassedFds passed) {
        return passed.count() == 0 ? command : command.withArgument(ARGUMENT + passed.count());
    }

    /**
     * In the runtime: the parent's fds that become init's 0, 1, 2, ...: stdio, the passed fds,
     * then the protocol's.
     *
     * @param stdioAndProtocol stdio and the protocol's fds, as without passed fds
     */
    static int[] spawnOrder(int[] stdioAndProtocol, PassedFds passed) {
        int[] extra = passed.fds();
        int[] fds = new int[stdioAndProtocol.length + extra.length];
        System.arraycopy(stdioAndProtocol, 0, fds, 0, 3);
        System.arraycopy(extra, 0, fds, 3, extra.length);
        System.arraycopy(stdioAndProtocol, 3, fds, 3 + extra.length, stdioAndProtocol.length - 3);
        return fds;
    }

    /** In init: from its command line; no {@link #ARGUMENT} means none. */
    static InitFds parse(List<String> args) {
        for (String arg : args) {
            if (arg.startsWith(ARGUMENT)) {
                return new InitFds(Integer.parseInt(arg.substring(ARGUMENT.length())));
            }
        }
        return NONE;
    }

    int context() {
        return InitProtocol.CONTEXT_FD + passed;
    }

    int report() {
        return InitProtocol.REPORT_FD + passed;
    }

    int execFifo() {
        return InitProtocol.EXEC_FIFO_FD + passed;
    }

    int mountNamespace() {
        return InitProtocol.MOUNT_NAMESPACE_FD + passed;
    }

    int console(InitProtocol.Request request) {
        return request.consoleFd() + passed;
    }

    /** The first fd that the container's process must not inherit. */
    int firstNotPassed() {
        return 3 + passed;
    }
}
