package crate.image.registry;

import crate.api.CrateException;
import java.io.Serial;

/**
 * A registry operation that failed, with what kind of failure it is: that decides whether it is
 * tried again, and whether the next mirror, scheme or configured registry is tried instead.
 */
final class RegistryException extends CrateException {
    @Serial private static final long serialVersionUID = 1L;

    /** What went wrong. */
    enum Kind {
        /** 404: the registry does not have it. */
        NOT_FOUND,
        /** No connection, a connection cut, a timeout, 5xx, 408 or 429: worth another try. */
        UNAVAILABLE,
        /** An HTTPS request answered in plain HTTP. */
        PLAIN_HTTP,
        /** 401 or 403 that credentials could not fix. */
        AUTH,
        /** Bad content or a refused request (digest mismatch, too large, other 4xx): never retried. */
        INVALID,
        /** Writing the local file failed. */
        LOCAL
    }

    private final Kind kind;
    private final boolean connectionLevel;

    RegistryException(Kind kind, String message) {
        this(kind, message, false, null);
    }

    RegistryException(Kind kind, String message, boolean connectionLevel, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.connectionLevel = connectionLevel;
    }

    Kind kind() {
        return kind;
    }

    /** Whether trying the same request again may succeed. */
    boolean retryable() {
        return kind == Kind.UNAVAILABLE;
    }

    /** Whether no HTTP answer came at all (connect, TLS): another scheme for the host may work. */
    boolean connectionLevel() {
        return connectionLevel;
    }
}
