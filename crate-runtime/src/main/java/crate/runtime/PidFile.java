package crate.runtime;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** runc's {@code --pid-file}: written whole or not at all (temporary file, rename). */
final class PidFile {
    private PidFile() {}

    static void write(Path file, int pid) throws CrateException {
        Path temp = file.resolveSibling(file.getFileName() + ".crate-tmp");
        try {
            Files.writeString(temp, Integer.toString(pid), StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CrateException("cannot write the pid file " + file + ": " + e.getMessage());
        }
    }
}
