package crate.namespaces;

import crate.api.CrateException;
import java.nio.file.Path;

/**
 * Places a container path under the rootfs. This is the lexical check only (no "..", stays
 * under the root); resolving symlinks inside the root comes with the security hardening.
 */
final class RootfsPaths {
    private RootfsPaths() {}

    static Path inside(Path rootfs, String containerPath) throws CrateException {
        Path relative = Path.of("/").relativize(Path.of("/").resolve(containerPath).normalize());
        if (relative.startsWith("..")) {
            throw new CrateException("path " + containerPath + " leaves the container's root");
        }
        for (Path part : Path.of(containerPath)) {
            if (part.toString().equals("..")) {
                throw new CrateException("path " + containerPath + " contains \"..\"");
            }
        }
        return rootfs.resolve(relative);
    }
}
