package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import crate.runtime.ContainerState;
import crate.runtime.JacksonJson;
import crate.runtime.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCommandsTest {
    private static Lifecycle.View view(Map<String, String> annotations, String owner, State.Status status) {
        Spec spec = new Spec("1.2.0", new Process(false, null, List.of("sh"), null, "/", false), new Root("rootfs", false),
                null, null, null, null, annotations);
        ContainerState state = new ContainerState("c1", 4242, 1, "/b", "/b/rootfs", "2026-01-01T00:00:00.000Z", owner,
                new ContainerContext("c1", "/b", spec, "bundle"));
        return new Lifecycle.View(state, status);
    }

    /** crate state prints what it printed with Jackson, byte for byte. */
    @Test
    void writesAsJacksonWrote() {
        for (Lifecycle.View view : List.of(view(Map.of(), "root", State.Status.RUNNING), view(Map.of("k", "v\"\u00e9"), null,
                State.Status.STOPPED), view(Map.of("a", "1", "b", "2"), "", State.Status.CREATED))) {
            assertEquals(new String(JacksonJson.writeValue(StateCommands.json(view)), StandardCharsets.UTF_8),
                    new String(StateCommands.write(view), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStoppedContainerHasPidZero() {
        assertEquals("""
                {
                \t"ociVersion": "1.2.0",
                \t"id": "c1",
                \t"pid": 0,
                \t"status": "stopped",
                \t"bundle": "/b",
                \t"rootfs": "/b/rootfs",
                \t"created": "2026-01-01T00:00:00.000Z",
                \t"owner": "root"
                }""", new String(StateCommands.write(view(Map.of(), "root", State.Status.STOPPED)), StandardCharsets.UTF_8));
    }
}
