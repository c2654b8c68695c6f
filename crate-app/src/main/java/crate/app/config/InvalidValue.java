package crate.app.config;

import java.io.Serial;

/** A configuration value that is not what its key takes: the message says what was expected and what was given. */
public final class InvalidValue extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    private final String subKey;

    public InvalidValue(String message) {
        this(message, null);
    }

    /** A value inside the key's table that is wrong, such as a registry of images.mirrors. */
    InvalidValue(String message, String subKey) {
        super(message);
        this.subKey = subKey;
    }

    /** The part of the key's value that is wrong (a key of a table), or null for the whole value. */
    String subKey() {
        return subKey;
    }

    /** "expected {@code expected}, got {@code got}" (a string value is quoted). */
    static InvalidValue expected(String expected, String got) {
        return new InvalidValue("expected " + expected + ", got " + Toml.quote(got));
    }
}
