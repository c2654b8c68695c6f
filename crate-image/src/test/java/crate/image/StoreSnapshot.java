package crate.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every path under a directory with its type, size and mtime (directories: type only, their
 * entries are listed themselves; tmp/'s mtime moves with every temporary file): two snapshots
 * are equal when nothing was added, removed or rewritten. {@code locks/} is left out: its empty
 * lock files are created on first use and hold no data.
 */
final class StoreSnapshot {
    private StoreSnapshot() {}

    static Map<String, String> of(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                if (rel.equals("locks") || rel.startsWith("locks/")) {
                    continue;
                }
                var a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                out.put(rel, dir ? a.get("mode").toString() : a.get("mode") + " " + a.get("size") + " " + a.get("lastModifiedTime"));
            }
        }
        return out;
    }
}
