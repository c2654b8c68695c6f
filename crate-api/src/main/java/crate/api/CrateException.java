package crate.api;

import java.io.Serial;

/**
 * A failure that ends a crate command with a message for the user and an exit status.
 *
 * <p>The exit statuses follow Docker's: 125 when crate itself fails (bad input, a kernel
 * call refused), 126 when the container's command cannot be executed, 127 when it does not
 * exist.
 */
public class CrateException extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    /** crate itself failed (bad input, a refused syscall, ...). */
    public static final int RUNTIME_ERROR = 125;
    /** The command exists but cannot be executed. */
    public static final int NOT_EXECUTABLE = 126;
    /** The command does not exist. */
    public static final int NOT_FOUND = 127;

    private final int exitStatus;

    public CrateException(String message) {
        this(message, RUNTIME_ERROR);
    }

    public CrateException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public CrateException(String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = RUNTIME_ERROR;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
