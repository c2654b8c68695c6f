package crate.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.runtime.Lifecycle;
import crate.runtime.json.JsonWriter;
import java.util.Map;

/** The OCI state JSON as runc prints it (with runc's rootfs, created and owner). */
final class StateCommands {
    private StateCommands() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StateJson(String ociVersion, String id, int pid, String status, String bundle, String rootfs,
            String created, String owner, Map<String, String> annotations) {}

    static StateJson json(Lifecycle.View view) {
        var state = view.state();
        int pid = view.status() == State.Status.STOPPED ? 0 : state.pid();
        return new StateJson(Spec.OCI_VERSION, state.id(), pid, view.status().label(), state.bundle(), state.rootfs(),
                state.created(), state.owner(), state.annotations().isEmpty() ? null : state.annotations());
    }

    /**
     * {@code crate state}'s output: {@link #json}, indented as config.json, written without
     * Jackson (which costs more than the rest of the command when cold); the same bytes as
     * Jackson wrote for {@link StateJson} (StateCommandsTest).
     */
    static byte[] write(Lifecycle.View view) {
        StateJson json = json(view);
        return JsonWriter.indented().beginObject()
                .stringField("ociVersion", json.ociVersion())
                .stringField("id", json.id())
                .field("pid", json.pid())
                .stringField("status", json.status())
                .stringField("bundle", json.bundle())
                .stringField("rootfs", json.rootfs())
                .stringField("created", json.created())
                .stringField("owner", json.owner())
                .mapField("annotations", json.annotations())
                .endObject()
                .toBytes();
    }
}
