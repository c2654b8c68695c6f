package crate.runtime.json;

import java.io.Serial;

/**
 * A document that is not JSON, or not the JSON a record expects. The message reads as the
 * one crate printed when Jackson read these documents: {@code line 3, column 7: process.args:
 * expected an array}; {@link #getMessage()} is that text, without the document's name.
 */
public final class JsonException extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
