package crate.image.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crate.image.registry.Descriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An image made in a test: layers (tar bytes, compressed as asked), a configuration whose
 * diff_ids are the layers' uncompressed digests, and an OCI manifest naming them.
 */
public final class TestImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a layer is stored in the registry. */
    public enum Compression {
        GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
        ZSTD("application/vnd.oci.image.layer.v1.tar+zstd"),
        NONE("application/vnd.oci.image.layer.v1.tar"),
        DOCKER_GZIP("application/vnd.docker.image.rootfs.diff.tar.gzip");

        final String mediaType;

        Compression(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    /** One layer: its blob and what the configuration says of it (never compared: the array is fine). */
    @SuppressWarnings("ArrayRecordComponent")
    public record Layer(byte[] blob, Descriptor descriptor, String diffId) {}

    private final List<Layer> layers = new ArrayList<>();
    private final ObjectNode config = JSON.createObjectNode();
    private String architecture = "amd64";

    public TestImage layer(byte[] tar, Compression compression) {
        byte[] blob = switch (compression) {
            case GZIP, DOCKER_GZIP -> Blobs.gzip(tar);
            case ZSTD -> Blobs.zstd(tar);
            case NONE -> tar;
        };
        layers.add(new Layer(blob, new Descriptor(compression.mediaType, Blobs.sha256(blob), blob.length), Blobs.sha256(tar)));
        return this;
    }

    /** A layer as given: blob, descriptor and diff ID may disagree (hostile cases). */
    public TestImage rawLayer(byte[] blob, Descriptor descriptor, String diffId) {
        layers.add(new Layer(blob, descriptor, diffId));
        return this;
    }

    public TestImage cmd(String... cmd) {
        ArrayNode a = containerConfig().putArray("Cmd");
        for (String c : cmd) {
            a.add(c);
        }
        return this;
    }

    public TestImage entrypoint(String... entrypoint) {
        ArrayNode a = containerConfig().putArray("Entrypoint");
        for (String e : entrypoint) {
            a.add(e);
        }
        return this;
    }

    public TestImage workingDir(String dir) {
        containerConfig().put("WorkingDir", dir);
        return this;
    }

    public TestImage user(String user) {
        containerConfig().put("User", user);
        return this;
    }

    /** An ExposedPorts key ("80/tcp"). */
    public TestImage exposedPort(String port) {
        ObjectNode ports = containerConfig().has("ExposedPorts") ? (ObjectNode) containerConfig().get("ExposedPorts")
                : containerConfig().putObject("ExposedPorts");
        ports.putObject(port);
        return this;
    }

    public TestImage env(String... env) {
        ArrayNode a = containerConfig().putArray("Env");
        for (String e : env) {
            a.add(e);
        }
        return this;
    }

    public TestImage architecture(String arch) {
        this.architecture = arch;
        return this;
    }

    public TestImage created(String instant) {
        config.put("created", instant);
        return this;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    private ObjectNode containerConfig() {
        return config.has("config") ? (ObjectNode) config.get("config") : config.putObject("config");
    }

    public byte[] configBytes() {
        ObjectNode c = config.deepCopy();
        c.put("architecture", architecture);
        c.put("os", "linux");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        layers.forEach(l -> ids.add(l.diffId()));
        return bytes(c);
    }

    public Descriptor configDescriptor() {
        byte[] bytes = configBytes();
        return new Descriptor("application/vnd.oci.image.config.v1+json", Blobs.sha256(bytes), bytes.length);
    }

    public byte[] manifestBytes() {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.set("config", descriptor(configDescriptor()));
        ArrayNode ls = m.putArray("layers");
        layers.forEach(l -> ls.add(descriptor(l.descriptor())));
        return bytes(m);
    }

    /** The image ID (the configuration's digest). */
    public String id() {
        return configDescriptor().digest();
    }

    private static ObjectNode descriptor(Descriptor d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest());
        n.put("size", d.size());
        return n;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
