package crate.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import crate.api.CrateException;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import crate.runtime.Lifecycle;
import crate.runtime.SpecJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate inspect ID}: what crate knows of a container beyond the OCI state, as JSON:
 * its filesystem and image, its cgroup, and its network (the driver and what it reported on
 * attach: address, gateway, published ports).
 */
final class InspectCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private String id;
    private boolean check;

    InspectCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("inspect", this, "Print what crate knows of a container as JSON: the OCI state, its "
                        + "filesystem, image, cgroup and network (driver, address, gateway, ports).")
                .parameter("ID", v -> id = v)
                .flag("--check", "First ask the network driver whether the container's attachment is still as it made it "
                        + "(CNI's CHECK); a failed check is an error", v -> check = v)
                .spec();
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record InspectJson(String id, String status, int pid, String bundle, String rootfs, String created, String filesystem,
            String image, Map<String, String> cgroupPaths, Map<String, String> network, Map<String, String> annotations) {}

    @Override
    public Integer call() throws CrateException {
        Lifecycle lifecycle = globals.lifecycle();
        String checked = ContainerIds.check(id);
        if (check && lifecycle.checkNetwork(checked)) {
            System.err.println("network check: ok");
        }
        Lifecycle.View view = lifecycle.state(checked);
        System.out.println(new String(SpecJson.writeValue(json(view)), StandardCharsets.UTF_8));
        return 0;
    }

    static InspectJson json(Lifecycle.View view) {
        var state = view.state();
        ContainerContext context = state.context();
        Map<String, String> network = new TreeMap<>();
        String driver = context == null ? null : context.options().get(ContainerContext.NETWORK);
        if (driver != null) {
            network.put("driver", driver);
            if (state.network() != null) {
                network.putAll(state.network());
            }
        }
        return new InspectJson(state.id(), view.status().label(), view.status() == State.Status.STOPPED ? 0 : state.pid(),
                state.bundle(), state.rootfs(), state.created(), context == null ? null : context.filesystem(),
                context == null ? null : context.options().get(ContainerContext.IMAGE), state.cgroupPaths(), network,
                state.annotations());
    }
}
