package crate.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The image index: records and names. Reads need no lock (every file is replaced by a
 * rename, so a reader sees the old or the new one); writers hold the store's index lock.
 */
final class ImageIndex {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreLayout layout;
    private final TempSpace temp;

    ImageIndex(StoreLayout layout, TempSpace temp) {
        this.layout = layout;
        this.temp = temp;
    }

    /** Name to image ID, sorted by name. */
    Map<String, String> names() throws IOException {
        Map<String, String> names = new TreeMap<>();
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(layout.names()));
            node.properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
        } catch (NoSuchFileException e) {
            // no image was ever named
        }
        return names;
    }

    void writeNames(Map<String, String> names) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(names).forEach(node::put);
        AtomicFiles.write(layout.names(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node), temp.newFile());
    }

    List<ImageRecord> records() throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.images(), "*.json")) {
            for (Path file : files) {
                if (file.getFileName().toString().equals("names.json")) {
                    continue;
                }
                try {
                    records.add(ImageRecord.fromJson(Files.readAllBytes(file)));
                } catch (NoSuchFileException e) {
                    // removed meanwhile
                }
            }
        }
        return records;
    }

    Optional<ImageRecord> record(String id) throws IOException {
        try {
            return Optional.of(ImageRecord.fromJson(Files.readAllBytes(layout.image(id))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    void write(ImageRecord record) throws IOException {
        AtomicFiles.write(layout.image(record.id()), record.toJson(), temp.newFile());
    }

    void delete(String id) throws IOException {
        Files.deleteIfExists(layout.image(id));
    }

    /** The names that point at {@code id}. */
    static List<String> namesOf(Map<String, String> names, String id) {
        List<String> out = new ArrayList<>();
        names.forEach((name, target) -> {
            if (target.equals(id)) {
                out.add(name);
            }
        });
        return out;
    }
}
