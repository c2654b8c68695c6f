package crate.network.cni;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds CNI networks in the configuration directories ({@code /etc/cni/net.d}), in their order:
 * {@code NAME.conflist}, {@code NAME.conf} or {@code NAME.json} first, then any configuration
 * file whose {@code "name"} is NAME (files in name order, as libcni reads them).
 */
final class NetworkConfigs {
    private static final List<String> EXTENSIONS = List.of(".conflist", ".conf", ".json");

    private final List<Path> dirs;

    NetworkConfigs(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /** The network {@code name}; an error if there is none, or its file does not parse. */
    NetworkConfigList find(String name) throws CrateException {
        for (Path dir : dirs) {
            for (String extension : EXTENSIONS) {
                Path file = dir.resolve(name + extension);
                if (Files.isRegularFile(file)) {
                    return read(file);
                }
            }
        }
        for (Path file : files()) {
            Optional<NetworkConfigList> parsed = tryRead(file);
            if (parsed.isPresent() && parsed.get().name().equals(name)) {
                return parsed.get();
            }
        }
        throw new CrateException("no CNI network \"" + name + "\" in " + where() + available());
    }

    /** The names of the networks that parse, sorted. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Path file : files()) {
            tryRead(file).ifPresent(list -> names.add(list.name()));
        }
        return List.copyOf(names);
    }

    /** "(networks: a, b)" or "(no networks there)", for messages. */
    String available() {
        List<String> names = names();
        return names.isEmpty() ? " (no networks there)" : " (networks: " + String.join(", ", names) + ")";
    }

    String where() {
        return String.join(", ", dirs.stream().map(Path::toString).toList());
    }

    private static NetworkConfigList read(Path file) throws CrateException {
        try {
            return NetworkConfigList.parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new CrateException("cannot read CNI network configuration " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<NetworkConfigList> tryRead(Path file) {
        try {
            return Optional.of(read(file));
        } catch (CrateException e) {
            return Optional.empty(); // a broken file is reported when it is asked for by its file name
        }
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            List<Path> inDir = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    String file = entry.getFileName().toString();
                    if (EXTENSIONS.stream().anyMatch(file::endsWith) && Files.isRegularFile(entry)) {
                        inDir.add(entry);
                    }
                }
            } catch (IOException e) {
                continue; // missing or unreadable: as if empty; find() names the directories it looked in
            }
            inDir.sort(null);
            files.addAll(inDir);
        }
        return files;
    }
}
