package crate.runtime.json;

import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The OCI state ({@link State}: what hooks read on stdin) and the {@link ContainerContext}
 * (what init receives and state.json keeps), field by field.
 */
public final class StateJson {
    private static final Map<String, State.Status> STATUSES = statuses();

    private StateJson() {}

    /** "created" to CREATED, and so on: the names in the OCI state. */
    private static Map<String, State.Status> statuses() {
        Map<String, State.Status> byLabel = new HashMap<>();
        for (State.Status status : State.Status.values()) {
            byLabel.put(status.label(), status);
        }
        return Map.copyOf(byLabel);
    }

    public static State readState(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String ociVersion = null;
        String id = null;
        State.Status status = null;
        int pid = 0;
        String bundle = null;
        Map<String, String> annotations = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "ociVersion" -> ociVersion = in.string();
                case "id" -> id = in.string();
                case "status" -> status = in.oneOf(STATUSES, "Status");
                case "pid" -> pid = in.intValue();
                case "bundle" -> bundle = in.string();
                case "annotations" -> annotations = in.stringMap();
                default -> in.skipValue();
            }
        }
        try {
            return new State(ociVersion, id, status, pid, bundle, annotations);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(State.class);
        }
    }

    /** On one line when {@code out} is compact: pid left out when 0, annotations when empty. */
    public static void writeState(JsonWriter out, State state) {
        out.beginObject()
                .stringField("ociVersion", state.ociVersion())
                .stringField("id", state.id())
                .stringField("status", state.status() == null ? null : state.status().label());
        if (state.pid() != 0) {
            out.field("pid", state.pid());
        }
        out.stringField("bundle", state.bundle())
                .mapField("annotations", state.annotations())
                .endObject();
    }

    public static ContainerContext readContext(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String id = null;
        String bundle = null;
        Spec spec = null;
        String filesystem = null;
        Map<String, String> options = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "id" -> id = in.string();
                case "bundle" -> bundle = in.string();
                case "spec" -> spec = ConfigJson.read(in);
                case "filesystem" -> filesystem = in.string();
                case "options" -> options = in.stringMap();
                default -> in.skipValue();
            }
        }
        return new ContainerContext(id, bundle, spec, filesystem, options);
    }

    /** The context's plain fields are written even when null, as Jackson wrote the record (it has no @JsonInclude). */
    public static void writeContext(JsonWriter out, ContainerContext context) {
        out.beginObject().name("id").string(context.id()).name("bundle").string(context.bundle()).name("spec");
        if (context.spec() == null) {
            out.nullValue();
        } else {
            ConfigJson.write(out, context.spec());
        }
        out.name("filesystem").string(context.filesystem())
                .mapField("options", context.options())
                .endObject();
    }
}
