package crate.app;

import crate.runtime.json.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The {@code --log} file, as runc writes it: text lines, or JSON lines with level, msg and
 * time. containerd's shim reads the last JSON line to tell why a command failed.
 */
final class ErrorLog {
    private ErrorLog() {}

    static void error(GlobalOptions options, String message) {
        if (options == null || options.log == null) {
            return;
        }
        String time = Instant.now().toString();
        String line = options.jsonLog()
                ? "{\"level\":\"error\",\"msg\":" + quote(message) + ",\"time\":\"" + time + "\"}"
                : "time=\"" + time + "\" level=error msg=" + quote(message);
        try {
            Files.writeString(options.log, line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            System.err.println("crate: cannot write the log " + options.log + ": " + e.getMessage());
        }
    }

    /** A JSON string literal; runc's text lines quote msg the same way for ordinary text. */
    static String quote(String text) {
        return new String(JsonWriter.compact().string(text).toBytes(), StandardCharsets.UTF_8);
    }
}
