package crate.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crate.api.CrateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the cni driver remembers of an attachment, as libcni's cache does: one file
 * {@code results/NETWORK-ID-IFNAME} holding the exact plugin configurations that ADD ran and,
 * once ADD succeeded, its result. It is written before the first plugin runs, so that DEL can
 * undo even an ADD that crate was killed in, and also when the network's configuration changed
 * or is gone. Writes are atomic (temporary file, fsync, rename).
 */
final class ResultCache {
    private static final String KIND = "crateCniCacheV1";

    /** One cached attachment: the prepared list, and the ADD result if ADD finished. */
    record Entry(NetworkConfigList list, Optional<JsonNode> result) {}

    private final Path dir;

    /** @param driverDir the driver's directory ({@code <dataRoot>/network/cni}) */
    ResultCache(Path driverDir) {
        this.dir = driverDir.resolve("results");
    }

    /** The file of {@code network}'s attachment of {@code container}. */
    Path file(String network, CniRuntime container) {
        return dir.resolve(network + "-" + container.containerId() + "-" + container.ifName());
    }

    void write(String network, CniRuntime container, Entry entry) throws CrateException {
        ObjectNode json = CniJson.object();
        json.put("kind", KIND);
        json.put("containerId", container.containerId());
        json.put("ifName", container.ifName());
        json.put("networkName", entry.list().name());
        json.put("cniVersion", entry.list().version().toString());
        json.put("disableCheck", entry.list().disableCheck());
        json.putArray("plugins").addAll(entry.list().plugins());
        entry.result().ifPresent(result -> json.set("result", result));
        Path file = file(network, container);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer bytes = ByteBuffer.wrap(CniJson.write(json).getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CrateException("cannot write the CNI cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** The cached attachment; empty if there is none (never attached, or detached already). */
    Optional<Entry> read(String network, CniRuntime container) throws CrateException {
        Path file = file(network, container);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CrateException("cannot read the CNI cache " + file + ": " + e.getMessage(), e);
        }
        JsonNode json = CniJson.tryParse(text);
        if (json == null || !KIND.equals(CniJson.text(json, "kind")) || !json.path("plugins").isArray()) {
            throw new CrateException("the CNI cache " + file + " is not a cache crate wrote");
        }
        List<ObjectNode> plugins = new ArrayList<>();
        for (JsonNode plugin : json.get("plugins")) {
            if (plugin instanceof ObjectNode object && CniJson.text(object, "type") != null) {
                plugins.add(object);
            }
        }
        NetworkConfigList list = new NetworkConfigList(CniJson.text(json, "networkName"),
                CniVersion.parse(CniJson.text(json, "cniVersion")), json.path("disableCheck").asBoolean(false), plugins,
                file.toString());
        return Optional.of(new Entry(list, Optional.ofNullable(json.get("result"))));
    }

    void remove(String network, CniRuntime container) throws CrateException {
        Path file = file(network, container);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CrateException("cannot remove the CNI cache " + file + ": " + e.getMessage(), e);
        }
    }
}
