package crate.runtime;

import crate.api.spi.ContainerContext;
import crate.runtime.json.JsonException;
import crate.runtime.json.JsonReader;
import crate.runtime.json.JsonWriter;
import crate.runtime.json.StateJson;
import java.util.Map;

/** state.json ({@link ContainerState}) field by field; null fields and empty maps are left out. */
final class ContainerStateJson {
    private ContainerStateJson() {}

    static ContainerState read(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String id = null;
        int pid = 0;
        long startTime = 0;
        String bundle = null;
        String rootfs = null;
        String created = null;
        String owner = null;
        ContainerContext context = null;
        Map<String, String> cgroupPaths = null;
        Map<String, String> network = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "id" -> id = in.string();
                case "pid" -> pid = in.intValue();
                case "startTime" -> startTime = in.longValue();
                case "bundle" -> bundle = in.string();
                case "rootfs" -> rootfs = in.string();
                case "created" -> created = in.string();
                case "owner" -> owner = in.string();
                case "context" -> context = StateJson.readContext(in);
                case "cgroupPaths" -> cgroupPaths = in.stringMap();
                case "network" -> network = in.stringMap();
                default -> in.skipValue();
            }
        }
        return new ContainerState(id, pid, startTime, bundle, rootfs, created, owner, context, cgroupPaths, network);
    }

    /** Indented as config.json, so that people can read it. */
    static byte[] write(ContainerState state) {
        JsonWriter out = JsonWriter.indented();
        out.beginObject()
                .stringField("id", state.id())
                .field("pid", state.pid())
                .field("startTime", state.startTime())
                .stringField("bundle", state.bundle())
                .stringField("rootfs", state.rootfs())
                .stringField("created", state.created())
                .stringField("owner", state.owner())
                .objectField("context", state.context(), StateJson::writeContext)
                .mapField("cgroupPaths", state.cgroupPaths())
                .mapField("network", state.network())
                .endObject();
        return out.toBytes();
    }
}
