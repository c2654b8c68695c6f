package crate.namespaces;

import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** The devices and links every container's /dev holds, per the runtime-spec. */
final class DevNodes {
    private record Device(String name, int major, int minor) {}

    private static final List<Device> DEVICES = List.of(
            new Device("null", 1, 3), new Device("zero", 1, 5), new Device("full", 1, 7),
            new Device("random", 1, 8), new Device("urandom", 1, 9), new Device("tty", 5, 0));

    private static final List<String[]> LINKS = List.of(
            new String[] {"fd", "/proc/self/fd"},
            new String[] {"stdin", "/proc/self/fd/0"},
            new String[] {"stdout", "/proc/self/fd/1"},
            new String[] {"stderr", "/proc/self/fd/2"},
            new String[] {"ptmx", "pts/ptmx"});

    private DevNodes() {}

    /** Creates what {@code dev} lacks of the default devices (mode 0666) and links. */
    static void populate(Path dev) throws ErrnoException {
        if (!Files.isDirectory(dev)) {
            return;
        }
        for (Device device : DEVICES) {
            Path node = dev.resolve(device.name());
            if (!Files.exists(node, LinkOption.NOFOLLOW_LINKS)) {
                Syscalls.mknodChar(node.toString(), 0666, device.major(), device.minor());
            }
        }
        for (String[] link : LINKS) {
            Path path = dev.resolve(link[0]);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                Syscalls.symlink(link[1], path.toString());
            }
        }
    }
}
