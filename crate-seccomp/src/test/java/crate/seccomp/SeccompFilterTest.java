package crate.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.spec.LinuxSeccomp;
import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container process state that goes to a seccomp notify listener with the fd. */
class SeccompFilterTest {
    @Test
    void processStateIsRuncsJson() {
        Process process = new Process(false, null, List.of("sh"), List.of(), "/", false);
        Spec spec = new Spec("1.2.0", process, new Root("rootfs", false), null, null, List.of(), null,
                Map.of("k", "v\"1"));
        ContainerContext context = new ContainerContext("sc-1", "/b\\x", spec, "bundle");
        LinuxSeccomp seccomp = new LinuxSeccomp("SCMP_ACT_ALLOW", null, null, null, "/l.sock", "meta\n", null);
        assertEquals("{\"ociVersion\":\"" + Spec.OCI_VERSION + "\",\"fds\":[\"seccompFd\"],\"pid\":42,"
                + "\"metadata\":\"meta\\u000a\",\"state\":{\"ociVersion\":\"" + Spec.OCI_VERSION + "\",\"id\":\"sc-1\","
                + "\"status\":\"creating\",\"pid\":42,\"bundle\":\"/b\\\\x\",\"annotations\":{\"k\":\"v\\\"1\"}}}",
                SeccompFilter.processState(context, seccomp, 42));
    }
}
