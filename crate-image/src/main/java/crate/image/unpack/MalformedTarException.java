package crate.image.unpack;

import java.io.IOException;
import java.io.Serial;

/** The archive is not a well-formed tar: a bad checksum, a bad number, a short read, an unsupported member. */
public final class MalformedTarException extends IOException {
    @Serial private static final long serialVersionUID = 1L;

    public MalformedTarException(String message) {
        super(message);
    }
}
