package crate.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.runtime.Lifecycle;
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
}
