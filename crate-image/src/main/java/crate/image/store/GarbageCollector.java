package crate.image.store;

import crate.linux.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes every blob and unpacked layer that no recorded image references, and what killed
 * pulls left in tmp/. The caller holds gc.lock exclusively (no pull runs) and the index lock.
 */
final class GarbageCollector {
    private final StoreLayout layout;
    private final ImageIndex index;
    private final TempSpace temp;

    GarbageCollector(StoreLayout layout, ImageIndex index, TempSpace temp) {
        this.layout = layout;
        this.index = index;
        this.temp = temp;
    }

    /**
     * Deletes what no image references.
     *
     * @param lines gets one line per deleted layer ({@code prefix + chainID})
     * @return the bytes freed
     */
    long collectUnreferenced(List<String> lines, String prefix) throws IOException {
        Set<String> keepLayers = new HashSet<>();
        Set<String> keepBlobs = new HashSet<>();
        for (ImageRecord record : index.records()) {
            keepBlobs.add(Digests.hex(record.id()));
            if (Digests.valid(record.manifestDigest())) {
                keepBlobs.add(Digests.hex(record.manifestDigest()));
            }
            for (String chainId : record.layers()) {
                keepLayers.add(Digests.hex(chainId));
                try {
                    String blob = LayerMeta.fromJson(Files.readAllBytes(layout.layerMeta(chainId))).blob();
                    if (Digests.valid(blob)) {
                        keepBlobs.add(Digests.hex(blob));
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // a recorded layer that is gone: nothing to keep for it
                }
            }
        }
        long freed = temp.cleanStale();
        try (DirectoryStream<Path> layers = Files.newDirectoryStream(layout.layers())) {
            for (Path layer : layers) {
                String hex = layer.getFileName().toString();
                if (!keepLayers.contains(hex)) {
                    freed += FileTrees.size(layer);
                    // Rename into tmp/ first, so that a crash mid-delete leaves no half layer in layers/.
                    Path doomed = temp.newDirectory();
                    Files.delete(doomed);
                    Files.move(layer, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    FileTrees.delete(doomed);
                    lines.add(prefix + "sha256:" + hex);
                }
            }
        }
        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(layout.blobs())) {
            for (Path blob : blobs) {
                if (!keepBlobs.contains(blob.getFileName().toString())) {
                    freed += Files.size(blob);
                    Files.delete(blob);
                }
            }
        }
        return freed;
    }
}
