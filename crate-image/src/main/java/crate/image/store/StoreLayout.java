package crate.image.store;

import java.nio.file.Path;

/**
 * Where things live under the data root:
 * <pre>
 * blobs/sha256/HEX                compressed layers, manifests, configurations, by digest
 * layers/sha256/CHAIN/diff/       one unpacked layer, by chain ID
 * layers/sha256/CHAIN/meta.json   its diff ID, size and the blob it came from
 * images/ID.json                  one image (by configuration digest)
 * images/names.json               name to image ID
 * containers/ID/image             the image a container uses (written by the filesystem)
 * tmp/PID-STARTTIME-N             being written; renamed into place when complete
 * lock                            the index lock (short updates)
 * gc.lock                         pulls hold it shared, prune exclusive
 * locks/blob-HEX, locks/layer-HEX one writer per blob and per layer
 * </pre>
 */
record StoreLayout(Path root) {

    Path blobs() {
        return root.resolve("blobs").resolve("sha256");
    }

    Path blob(String digest) {
        return blobs().resolve(Digests.hex(digest));
    }

    Path layers() {
        return root.resolve("layers").resolve("sha256");
    }

    Path layer(String chainId) {
        return layers().resolve(Digests.hex(chainId));
    }

    Path layerDiff(String chainId) {
        return layer(chainId).resolve("diff");
    }

    Path layerMeta(String chainId) {
        return layer(chainId).resolve("meta.json");
    }

    Path images() {
        return root.resolve("images");
    }

    Path image(String id) {
        return images().resolve(Digests.hex(id) + ".json");
    }

    Path names() {
        return images().resolve("names.json");
    }

    Path containers() {
        return root.resolve(crate.api.image.ImageSettings.CONTAINERS);
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path indexLock() {
        return root.resolve("lock");
    }

    Path gcLock() {
        return root.resolve("gc.lock");
    }

    Path locks() {
        return root.resolve("locks");
    }

    Path blobLock(String digest) {
        return locks().resolve("blob-" + Digests.hex(digest));
    }

    Path layerLock(String chainId) {
        return locks().resolve("layer-" + Digests.hex(chainId));
    }
}
