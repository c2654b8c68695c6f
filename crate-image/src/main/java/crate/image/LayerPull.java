package crate.image;

import crate.api.CrateException;
import crate.api.image.PullProgress;
import crate.image.registry.BlobSource;
import crate.image.registry.Descriptor;
import crate.image.registry.ResolvedImage;
import crate.image.store.ImageStore;
import crate.image.store.LayerMeta;
import crate.image.unpack.LayerUnpacker;
import crate.image.unpack.UnpackedLayer;
import crate.linux.FlockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * One layer of a pull: under the layer's lock, if no other pull has stored it meanwhile,
 * fetch its blob (unless the store has it) into tmp/, unpack it into tmp/ (which verifies the
 * blob's digest and size and the diff ID), then rename the blob and the layer into the store.
 * Returns the layer's unpacked size.
 */
final class LayerPull implements Callable<Long> {
    private final ImageStore store;
    private final BlobSource source;
    private final ResolvedImage image;
    private final Descriptor layer;
    private final String diffId;
    private final String chainId;
    private final PullProgress progress;
    private Semaphore downloadSlots = new Semaphore(1);

    LayerPull(ImageStore store, BlobSource source, ResolvedImage image, Descriptor layer, String diffId, String chainId,
            PullProgress progress) {
        this.store = store;
        this.source = source;
        this.image = image;
        this.layer = layer;
        this.diffId = diffId;
        this.chainId = chainId;
        this.progress = progress;
    }

    /** The slots this layer's download waits for (shared by a pull's layers); unpacking needs none. */
    void downloadSlots(Semaphore slots) {
        this.downloadSlots = slots;
    }

    @Override
    public Long call() throws CrateException {
        try (FlockFile layerLock = store.lockLayer(chainId)) {
            if (store.hasLayer(chainId)) {
                progress.blob(layer.digest(), PullProgress.Phase.EXISTS, 0, 0);
                return store.layerMeta(chainId).map(LayerMeta::size).orElse(0L);
            }
            try (FlockFile blobLock = store.lockBlob(layer.digest())) {
                Path downloaded = null;
                Path blob;
                if (store.hasBlob(layer.digest())) {
                    blob = store.blobPath(layer.digest());
                } else {
                    downloaded = store.newTempFile();
                    blob = downloaded;
                }
                Path layerDir = store.newTempDirectory();
                try {
                    if (downloaded != null) {
                        download(downloaded);
                    }
                    Path diff = Files.createDirectory(layerDir.resolve("diff"));
                    progress.blob(layer.digest(), PullProgress.Phase.EXTRACTING, 0, layer.size());
                    UnpackedLayer unpacked = LayerUnpacker.unpack(blob, layer, diffId, diff,
                            n -> progress.blob(layer.digest(), PullProgress.Phase.EXTRACTING, n, layer.size()));
                    if (downloaded != null) {
                        store.commitBlob(downloaded, layer.digest());
                    }
                    store.commitLayer(layerDir, new LayerMeta(chainId, unpacked.diffId(), layer.digest(),
                            layer.mediaType(), unpacked.size()));
                    progress.blob(layer.digest(), PullProgress.Phase.DONE, layer.size(), layer.size());
                    return unpacked.size();
                } catch (IOException e) {
                    throw new CrateException("layer " + layer.digest() + ": " + e.getMessage(), e);
                } finally {
                    store.discard(layerDir);
                    if (downloaded != null) {
                        store.discard(downloaded);
                    }
                }
            }
        }
    }

    private void download(Path target) throws CrateException {
        try {
            downloadSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("layer " + layer.digest() + ": the pull was interrupted", e);
        }
        try {
            fetch(target);
        } finally {
            downloadSlots.release();
        }
    }

    private void fetch(Path target) throws CrateException {
        progress.blob(layer.digest(), PullProgress.Phase.DOWNLOADING, 0, layer.size());
        source.fetch(image, layer, target, new BlobSource.Listener() {
            @Override
            public void progress(long done) {
                progress.blob(layer.digest(), PullProgress.Phase.DOWNLOADING, done, layer.size());
            }

            @Override
            public void retrying(int attempt, String why) {
                progress.blob(layer.digest(), PullProgress.Phase.RETRYING, attempt, layer.size());
            }
        });
    }
}
