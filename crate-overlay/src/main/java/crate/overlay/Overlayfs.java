package crate.overlay;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the running kernel has overlayfs. */
final class Overlayfs {
    private Overlayfs() {}

    /**
     * @param needed what the user is doing that needs it, and what else they can do, for the error
     */
    static void require(String needed) throws CrateException {
        try {
            if (!Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n")) {
                throw new CrateException("the kernel has no overlayfs (modprobe overlay), which " + needed);
            }
        } catch (IOException e) {
            throw new CrateException("cannot read /proc/filesystems: " + e.getMessage());
        }
    }
}
