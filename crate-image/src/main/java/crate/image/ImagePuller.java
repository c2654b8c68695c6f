package crate.image;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.api.image.LocalImage;
import crate.api.image.PruneReport;
import crate.api.image.PullProgress;
import crate.api.image.PullRequest;
import crate.api.spi.Puller;
import crate.image.registry.BlobSource;
import crate.image.registry.Descriptor;
import crate.image.registry.RegistryClient;
import crate.image.registry.ResolvedImage;
import crate.image.store.ConfigDocument;
import crate.image.store.Digests;
import crate.image.store.ImageRecord;
import crate.image.store.ImageStore;
import crate.image.store.LayerMeta;
import crate.linux.FlockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The "registry" puller: resolves a reference through a {@link BlobSource} (the registry
 * client), downloads what the store lacks with at most {@code parallelDownloads} blobs at
 * once, unpacks each layer as soon as it is here, and records the image. A failure anywhere
 * cancels the other downloads; the store keeps only blobs and layers that were complete and
 * verified.
 */
public final class ImagePuller implements Puller {

    /** Makes the source a pull reads from: the registry client, or files in tests. */
    @FunctionalInterface
    interface SourceFactory {
        BlobSource open(ImageSettings settings, PullRequest request) throws CrateException;
    }

    private final ImageSettings settings;
    private final SourceFactory sources;

    /** For ServiceLoader: the default settings and the registry client. */
    public ImagePuller() {
        this(ImageSettings.defaults(), ImagePuller::registryClient);
    }

    /** A puller reading from {@code sources} (tests: a directory of blobs). */
    ImagePuller(ImageSettings settings, SourceFactory sources) {
        this.settings = settings;
        this.sources = sources;
    }

    /** The blob source of a real pull. */
    private static BlobSource registryClient(ImageSettings settings, PullRequest request) throws CrateException {
        return new RegistryClient(settings, request.tlsVerify());
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public Puller withSettings(ImageSettings newSettings) {
        return new ImagePuller(newSettings, sources);
    }

    private ImageStore store() throws CrateException {
        return ImageStore.open(settings.dataRoot(), settings.registries());
    }

    @Override
    public LocalImage pull(PullRequest request, PullProgress progress) throws CrateException {
        ImageStore store = store();
        store.cleanTemp();
        try (FlockFile guard = store.pullGuard()) {
            BlobSource source = sources.open(settings, request);
            ResolvedImage image = source.resolve(request.reference(), request.platform());
            checkDescriptors(image);
            progress.message("Resolved " + image.name());
            byte[] configBytes = config(store, source, image);
            ConfigDocument config = ConfigDocument.parse(configBytes);
            if (config.diffIds().size() != image.layers().size()) {
                throw new CrateException(image.name() + ": the manifest has " + image.layers().size()
                        + " layers but the configuration " + config.diffIds().size() + " diff_ids");
            }
            List<String> chainIds = Digests.chainIds(config.diffIds());
            long size = fetchLayers(store, source, image, config.diffIds(), chainIds, progress);
            store.putBlob(image.manifest(), image.manifestDigest());
            store.putBlob(configBytes, image.config().digest());
            String repository = image.repository();
            ImageRecord record = new ImageRecord(image.config().digest(), image.manifestDigest(),
                    List.of(repository + "@" + image.manifestDigest()), chainIds, size, config.created());
            Optional<String> tag = image.name().contains("@") ? Optional.empty() : Optional.of(image.name());
            // The caller prints "Digest: ..." from the result, as docker pull does.
            return store.record(record, tag);
        }
    }

    /** Digests become file names in the store: only well-formed sha256 ones are let in. */
    private static void checkDescriptors(ResolvedImage image) throws CrateException {
        List<Descriptor> all = new ArrayList<>(image.layers());
        all.add(image.config());
        if (!Digests.valid(image.manifestDigest())) {
            throw new CrateException(image.name() + ": manifest digest " + image.manifestDigest() + " is not a sha256 digest");
        }
        if (!Digests.of(image.manifest()).equals(image.manifestDigest())) {
            throw new CrateException(image.name() + ": the manifest's bytes are not " + image.manifestDigest());
        }
        for (Descriptor d : all) {
            if (!Digests.valid(d.digest()) || d.size() < 0) {
                throw new CrateException(image.name() + ": blob " + d.digest() + " (" + d.size()
                        + " bytes) is not a sha256 digest with a size");
            }
        }
    }

    private static byte[] config(ImageStore store, BlobSource source, ResolvedImage image) throws CrateException {
        String digest = image.config().digest();
        byte[] bytes;
        if (store.hasBlob(digest)) {
            try {
                bytes = Files.readAllBytes(store.blobPath(digest));
            } catch (IOException e) {
                throw new CrateException("image store: cannot read " + digest + ": " + e.getMessage(), e);
            }
        } else {
            bytes = source.fetchSmall(image, image.config());
        }
        if (!Digests.of(bytes).equals(digest) || bytes.length != image.config().size()) {
            throw new CrateException(image.name() + ": the image configuration is not " + digest + " ("
                    + image.config().size() + " bytes)");
        }
        return bytes;
    }

    /** Fetches and unpacks the layers the store lacks, in parallel; returns the image's unpacked size. */
    private long fetchLayers(ImageStore store, BlobSource source, ResolvedImage image, List<String> diffIds,
            List<String> chainIds, PullProgress progress) throws CrateException {
        List<LayerPull> pulls = new ArrayList<>();
        long stored = 0;
        for (int i = 0; i < image.layers().size(); i++) {
            Descriptor layer = image.layers().get(i);
            Optional<LayerMeta> meta = store.layerMeta(chainIds.get(i));
            if (meta.isPresent()) {
                progress.blob(layer.digest(), PullProgress.Phase.EXISTS, 0, 0);
                stored += meta.get().size();
            } else {
                progress.blob(layer.digest(), PullProgress.Phase.WAITING, 0, layer.size());
                pulls.add(new LayerPull(store, source, image, layer, diffIds.get(i), chainIds.get(i), progress));
            }
        }
        if (pulls.isEmpty()) {
            return stored;
        }
        // The downloads take turns at parallelDownloads slots, as Docker's max-concurrent-downloads,
        // and unpacking does not hold a slot: a layer downloads while the ones before it unpack. The
        // pool leaves about a core's worth of threads per CPU for the unpacking.
        Semaphore downloads = new Semaphore(settings.parallelDownloads());
        pulls.forEach(pull -> pull.downloadSlots(downloads));
        int threads = Math.min(pulls.size(), settings.parallelDownloads() + Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("crate-pull-", 0).daemon(true).factory());
        List<Future<Long>> futures = new ArrayList<>();
        try {
            for (LayerPull pull : pulls) {
                futures.add(pool.submit(pull));
            }
            long size = stored;
            CrateException failure = null;
            for (Future<Long> future : futures) {
                try {
                    size += future.get();
                } catch (CancellationException e) {
                    // cancelled after another layer failed
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof CrateException c ? c
                                : new CrateException(image.name() + ": " + e.getCause(), e.getCause());
                        futures.forEach(f -> f.cancel(true));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(f -> f.cancel(true));
                    throw new CrateException(image.name() + ": the pull was interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return size;
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    /** Waits for the cancelled tasks to clean up their temporary files before the pull returns. */
    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The store if there is one. Looking an image up must not create it: {@code crate run echo hi}
     * asks whether "echo" is an image, and a host that never pulled keeps no /var/lib/crate.
     */
    private Optional<ImageStore> existingStore() throws CrateException {
        return Files.isDirectory(settings.dataRoot().resolve("images")) ? Optional.of(store()) : Optional.empty();
    }

    @Override
    public Optional<LocalImage> find(String reference) throws CrateException {
        Optional<ImageStore> store = existingStore();
        return store.isPresent() ? store.get().find(reference) : Optional.empty();
    }

    @Override
    public List<LocalImage> list() throws CrateException {
        Optional<ImageStore> store = existingStore();
        return store.isPresent() ? store.get().list() : List.of();
    }

    @Override
    public List<String> remove(String reference, boolean force) throws CrateException {
        return existingStore().orElseThrow(() -> new CrateException("No such image: " + reference)).remove(reference, force);
    }

    @Override
    public PruneReport prune(boolean all) throws CrateException {
        Optional<ImageStore> store = existingStore();
        return store.isPresent() ? store.get().prune(all) : new PruneReport(List.of(), 0);
    }
}
