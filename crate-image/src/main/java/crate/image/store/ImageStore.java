package crate.image.store;

import crate.api.CrateException;
import crate.api.image.ImageConfig;
import crate.api.image.LocalImage;
import crate.image.reference.ImageReference;
import crate.linux.FileTrees;
import crate.linux.FilesAt;
import crate.linux.FlockFile;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * crate's content-addressable image store under the data root (layout: {@link StoreLayout}).
 *
 * <p>Everything enters by rename from {@code tmp/}: a blob once it is verified, a layer once it
 * is unpacked and its diff ID checked, an index file once it is written and synced. Writers of
 * one blob or one layer exclude each other with a lock file each (the second waits, then finds
 * the first's result); index updates take the store-wide {@code lock} briefly; pulls hold
 * {@code gc.lock} shared for their whole run and garbage collection takes it exclusively, so
 * that it never deletes what a running pull has just added but not yet recorded.
 */
public final class ImageStore {
    private static final Pattern ID_PREFIX = Pattern.compile("(sha256:)?[0-9a-f]{4,64}");

    private final StoreLayout layout;
    private final List<String> registries;
    private final TempSpace temp;
    private final ImageIndex index;

    private ImageStore(Path root, List<String> registries) {
        this.layout = new StoreLayout(root);
        this.registries = registries.isEmpty() ? List.of(ImageReference.DOCKER_HUB) : List.copyOf(registries);
        this.temp = new TempSpace(layout.tmp());
        this.index = new ImageIndex(layout, temp);
    }

    /**
     * The store at {@code root}, its directories created if missing.
     *
     * @param registries where unqualified names are looked for, in order
     */
    public static ImageStore open(Path root, List<String> registries) throws CrateException {
        ImageStore store = new ImageStore(root, registries);
        StoreLayout l = store.layout;
        try {
            for (Path dir : List.of(l.blobs(), l.layers(), l.images(), l.tmp(), l.locks())) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new CrateException("image store " + root + ": cannot create its directories: " + e.getMessage(), e);
        }
        return store;
    }

    public Path root() {
        return layout.root();
    }

    // ---- what a pull uses

    /** Held for a whole pull: garbage collection waits until no pull runs. */
    public FlockFile pullGuard() throws CrateException {
        return FlockFile.shared(layout.gcLock());
    }

    /** Removes what killed pulls left in tmp/. */
    public void cleanTemp() throws CrateException {
        try {
            temp.cleanStale();
        } catch (IOException e) {
            throw new CrateException("image store " + layout.root() + ": cannot clean tmp/: " + e.getMessage(), e);
        }
    }

    public boolean hasBlob(String digest) {
        return Files.isRegularFile(layout.blob(digest));
    }

    public Path blobPath(String digest) {
        return layout.blob(digest);
    }

    /** Whether the layer with this chain ID is unpacked (its meta.json is written before it is renamed in). */
    public boolean hasLayer(String chainId) {
        return Files.isRegularFile(layout.layerMeta(chainId));
    }

    public FlockFile lockBlob(String digest) throws CrateException {
        return FlockFile.exclusive(layout.blobLock(digest));
    }

    public FlockFile lockLayer(String chainId) throws CrateException {
        return FlockFile.exclusive(layout.layerLock(chainId));
    }

    public Path newTempFile() throws CrateException {
        try {
            return temp.newFile();
        } catch (IOException e) {
            throw new CrateException("image store: cannot create a file in tmp/: " + e.getMessage(), e);
        }
    }

    public Path newTempDirectory() throws CrateException {
        try {
            return temp.newDirectory();
        } catch (IOException e) {
            throw new CrateException("image store: cannot create a directory in tmp/: " + e.getMessage(), e);
        }
    }

    /** Removes a temporary file or tree; failures are left for the next clean-up. */
    public void discard(Path tempEntry) {
        try {
            FileTrees.delete(tempEntry);
        } catch (IOException e) {
            // the next pull or prune removes it
        }
    }

    /** Moves a complete, verified temporary file into blobs/ (the caller holds the blob's lock). */
    public void commitBlob(Path verified, String digest) throws CrateException {
        try {
            if (hasBlob(digest)) {
                Files.deleteIfExists(verified);
                return;
            }
            AtomicFiles.commit(verified, layout.blob(digest));
        } catch (IOException e) {
            throw new CrateException("image store: cannot store blob " + digest + ": " + e.getMessage(), e);
        }
    }

    /** Stores a small blob held in memory (a manifest, a configuration) after checking its digest. */
    public void putBlob(byte[] data, String digest) throws CrateException {
        String actual = Digests.of(data);
        if (!actual.equals(digest)) {
            throw new CrateException("blob " + digest + " has the digest " + actual);
        }
        if (hasBlob(digest)) {
            return;
        }
        try (FlockFile lock = lockBlob(digest)) {
            if (!hasBlob(digest)) {
                AtomicFiles.write(layout.blob(digest), data, newTempFile());
            }
        } catch (IOException e) {
            throw new CrateException("image store: cannot store blob " + digest + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves an unpacked layer into layers/: {@code tempDir} holds {@code diff/}; its meta.json
     * is written, the file system synced, then the directory renamed (the caller holds the
     * layer's lock).
     */
    public void commitLayer(Path tempDir, LayerMeta meta) throws CrateException {
        try {
            Files.write(tempDir.resolve("meta.json"), meta.toJson());
            int fd = FilesAt.open(tempDir.toString(), Syscalls.O_RDONLY | Syscalls.O_DIRECTORY, 0);
            try {
                FilesAt.syncfs(fd);
            } finally {
                Syscalls.closeQuietly(fd);
            }
            AtomicFiles.moveInto(tempDir, layout.layer(meta.chainId()));
        } catch (IOException e) {
            throw new CrateException("image store: cannot store layer " + meta.chainId() + ": " + e.getMessage(), e);
        }
    }

    public Optional<LayerMeta> layerMeta(String chainId) throws CrateException {
        try {
            return Optional.of(LayerMeta.fromJson(Files.readAllBytes(layout.layerMeta(chainId))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CrateException("image store: layer " + chainId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records an image whose blobs and layers are all in the store, and points {@code name}
     * (a tag reference; empty for a pull by digest) at it; a name that pointed at another image
     * moves (that one may become dangling).
     */
    public LocalImage record(ImageRecord record, Optional<String> name) throws CrateException {
        for (String chainId : record.layers()) {
            if (!hasLayer(chainId)) {
                throw new CrateException("image " + record.id() + ": layer " + chainId + " is not in the store");
            }
        }
        try (FlockFile lock = FlockFile.exclusive(layout.indexLock())) {
            List<String> repoDigests = new ArrayList<>(record.repoDigests());
            index.record(record.id()).ifPresent(old -> old.repoDigests().forEach(d -> {
                if (!repoDigests.contains(d)) {
                    repoDigests.add(d);
                }
            }));
            ImageRecord merged = new ImageRecord(record.id(), record.manifestDigest(), repoDigests, record.layers(),
                    record.size(), record.created());
            index.write(merged);
            Map<String, String> names = index.names();
            if (name.isPresent() && !record.id().equals(names.get(name.get()))) {
                names.put(name.get(), record.id());
                index.writeNames(names);
            }
            return toLocal(merged, names);
        } catch (IOException e) {
            throw new CrateException("image store: cannot record image " + record.id() + ": " + e.getMessage(), e);
        }
    }

    // ---- look-ups

    public Optional<LocalImage> find(String reference) throws CrateException {
        try {
            Map<String, String> names = index.names();
            Optional<ImageRecord> found = resolve(reference, names);
            return found.isEmpty() ? Optional.empty() : Optional.of(toLocal(found.get(), names));
        } catch (IOException e) {
            throw new CrateException("image store " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /** Every image, newest first. */
    public List<LocalImage> list() throws CrateException {
        try {
            Map<String, String> names = index.names();
            List<LocalImage> images = new ArrayList<>();
            for (ImageRecord record : index.records()) {
                images.add(toLocal(record, names));
            }
            images.sort(Comparator.comparing(LocalImage::created).reversed().thenComparing(LocalImage::id));
            return images;
        } catch (IOException e) {
            throw new CrateException("image store " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /** The image a name, name@digest, ID or unique ID prefix names. */
    Optional<ImageRecord> resolve(String reference, Map<String, String> names) throws IOException, CrateException {
        for (String candidate : candidates(reference)) {
            if (candidate.contains("@")) {
                for (ImageRecord record : index.records()) {
                    if (record.repoDigests().contains(candidate)) {
                        return Optional.of(record);
                    }
                }
            } else if (names.containsKey(candidate)) {
                return index.record(names.get(candidate));
            }
        }
        if (ID_PREFIX.matcher(reference).matches()) {
            String hex = reference.startsWith("sha256:") ? reference.substring(7) : reference;
            List<ImageRecord> matches = new ArrayList<>();
            for (ImageRecord record : index.records()) {
                if (Digests.hex(record.id()).startsWith(hex)) {
                    matches.add(record);
                }
            }
            if (matches.size() > 1) {
                throw new CrateException("image ID prefix " + reference + " is ambiguous: " + matches.size() + " images match");
            }
            return matches.stream().findFirst();
        }
        return Optional.empty();
    }

    LocalImage toLocal(ImageRecord record, Map<String, String> names) throws IOException, CrateException {
        ImageConfig config;
        try {
            config = ConfigDocument.parse(Files.readAllBytes(layout.blob(record.id()))).config();
        } catch (NoSuchFileException e) {
            config = new ImageConfig(List.of(), List.of(), List.of(), "", "", List.of(), Map.of(), "", "", "");
        }
        List<Path> layers = new ArrayList<>();
        for (String chainId : record.layers()) {
            layers.add(layout.layerDiff(chainId));
        }
        return new LocalImage(record.id(), ImageIndex.namesOf(names, record.id()), record.manifestDigest(),
                record.size(), record.created(), config, layers);
    }

    // ---- removal

    /** {@code crate rmi}: see {@link crate.api.spi.Puller#remove}. */
    public List<String> remove(String reference, boolean force) throws CrateException {
        List<String> lines = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        try (FlockFile lock = FlockFile.exclusive(layout.indexLock())) {
            Map<String, String> names = index.names();
            ImageRecord record = resolve(reference, names)
                    .orElseThrow(() -> new CrateException("No such image: " + reference));
            List<String> imageNames = ImageIndex.namesOf(names, record.id());
            List<String> users = ContainerUsage.read(layout).getOrDefault(record.id(), List.of());
            String shortId = Digests.hex(record.id()).substring(0, 12);
            Optional<String> tag = tagOf(reference, names, record.id());
            Optional<String> digestRef = digestRefOf(reference, record);
            ImageRecord kept = record;
            if (tag.isPresent() || digestRef.isPresent()) {
                // A name: untag it; the image goes with its last name unless a container uses it.
                List<String> otherNames = new ArrayList<>(imageNames);
                List<String> otherDigests = new ArrayList<>(record.repoDigests());
                tag.ifPresent(otherNames::remove);
                digestRef.ifPresent(otherDigests::remove);
                boolean last = otherNames.isEmpty() && (tag.isPresent() || otherDigests.isEmpty());
                if (last && !users.isEmpty() && !force) {
                    throw new CrateException("conflict: unable to remove repository reference \"" + reference
                            + "\" (must force) - container " + users.getFirst() + " is using its referenced image "
                            + shortId);
                }
                if (tag.isPresent()) {
                    names.remove(tag.get());
                    lines.add("Untagged: " + tag.get());
                } else {
                    kept = new ImageRecord(record.id(), record.manifestDigest(), otherDigests, record.layers(),
                            record.size(), record.created());
                    lines.add("Untagged: " + digestRef.get());
                }
                if (last && users.isEmpty()) {
                    kept.repoDigests().forEach(d -> lines.add("Untagged: " + d));
                    deleted.add(record.id());
                }
            } else {
                // An ID: every name goes, and the image with them.
                if (imageNames.size() > 1 && !force) {
                    throw new CrateException("conflict: unable to delete " + shortId
                            + " (must be forced) - image is referenced in multiple repositories");
                }
                if (!users.isEmpty() && !force) {
                    throw new CrateException("conflict: unable to delete " + shortId
                            + " (must be forced) - image is being used by container " + users.getFirst());
                }
                imageNames.forEach(n -> {
                    names.remove(n);
                    lines.add("Untagged: " + n);
                });
                if (users.isEmpty()) {
                    record.repoDigests().forEach(d -> lines.add("Untagged: " + d));
                    deleted.add(record.id());
                }
                // forced while a container uses it: untagged but kept (dangling), or its
                // container's overlay would lose its lower layers
            }
            index.writeNames(names);
            if (deleted.isEmpty()) {
                if (!kept.equals(record)) {
                    index.write(kept);
                }
            } else {
                index.delete(record.id());
                lines.add("Deleted: " + record.id());
                // Its layers and blobs go now if no pull is running (a pull may be about to
                // reuse them); otherwise the next prune takes them. tryLock: no waiting on
                // gc.lock while holding the index lock, whose order is the other way round.
                Optional<FlockFile> gc = FlockFile.tryExclusive(layout.gcLock());
                if (gc.isPresent()) {
                    try (FlockFile held = gc.get()) {
                        new GarbageCollector(layout, index, temp).collectUnreferenced(lines, "Deleted: ");
                    }
                }
            }
        } catch (IOException e) {
            throw new CrateException("image store " + layout.root() + ": " + e.getMessage(), e);
        }
        return lines;
    }

    private Optional<String> tagOf(String reference, Map<String, String> names, String id) {
        if (reference.contains("@")) {
            return Optional.empty();
        }
        for (String candidate : candidates(reference)) {
            if (id.equals(names.get(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The canonical names a reference may mean (the registry client's rules): one if it names
     * its registry, else one per configured registry; none if it cannot be a name.
     */
    private List<String> candidates(String reference) {
        try {
            return ImageReference.candidates(reference, registries).stream().map(ImageReference::canonical).toList();
        } catch (CrateException notAName) {
            return List.of();
        }
    }

    private Optional<String> digestRefOf(String reference, ImageRecord record) {
        if (!reference.contains("@")) {
            return Optional.empty();
        }
        return candidates(reference).stream().filter(record.repoDigests()::contains).findFirst();
    }

    /** {@code crate image prune}: see {@link crate.api.spi.Puller#prune}. */
    public crate.api.image.PruneReport prune(boolean all) throws CrateException {
        List<String> lines = new ArrayList<>();
        long freed;
        try (FlockFile gc = FlockFile.exclusive(layout.gcLock()); FlockFile lock = FlockFile.exclusive(layout.indexLock())) {
            Map<String, String> names = index.names();
            Map<String, List<String>> users = ContainerUsage.read(layout);
            boolean renamed = false;
            for (ImageRecord record : index.records()) {
                List<String> imageNames = ImageIndex.namesOf(names, record.id());
                if (users.containsKey(record.id()) || (!all && !imageNames.isEmpty())) {
                    continue;
                }
                for (String name : imageNames) {
                    names.remove(name);
                    lines.add("untagged: " + name);
                    renamed = true;
                }
                record.repoDigests().forEach(d -> lines.add("untagged: " + d));
                index.delete(record.id());
                lines.add("deleted: " + record.id());
            }
            if (renamed) {
                index.writeNames(names);
            }
            freed = new GarbageCollector(layout, index, temp).collectUnreferenced(lines, "deleted: ");
        } catch (IOException e) {
            throw new CrateException("image store " + layout.root() + ": " + e.getMessage(), e);
        }
        return new crate.api.image.PruneReport(lines, freed);
    }

    /** Counts for tests and diagnostics: the layers and blobs on disk. */
    public Map<String, Integer> census() throws CrateException {
        Map<String, Integer> counts = new HashMap<>();
        try {
            counts.put("blobs", count(layout.blobs()));
            counts.put("layers", count(layout.layers()));
            counts.put("tmp", count(layout.tmp()));
        } catch (IOException e) {
            throw new CrateException(e.getMessage(), e);
        }
        return counts;
    }

    private static int count(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path ignored : entries) {
                n++;
            }
        }
        return n;
    }
}
