package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.spec.Spec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code crate features}: the features document, and that it claims only what crate does. */
class FeaturesCommandTest {

    private static JsonNode features() throws Exception {
        StringWriter out = new StringWriter();
        String[] args = {"features"};
        CommandLine cli = Main.commandLine(args);
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute(args));
        return new ObjectMapper().readTree(out.toString());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    @Test
    void shapeAndValues() throws Exception {
        JsonNode doc = features();
        assertEquals(List.of("ociVersionMin", "ociVersionMax", "hooks", "mountOptions", "linux", "annotations"),
                names(doc));
        assertEquals("1.0.0", doc.get("ociVersionMin").asText());
        assertEquals(Spec.OCI_VERSION, doc.get("ociVersionMax").asText());
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                strings(doc.get("hooks")));
        JsonNode linux = doc.get("linux");
        assertEquals(List.of("cgroup", "ipc", "mount", "network", "pid", "uts"), strings(linux.get("namespaces")));
        List<String> capabilities = strings(linux.get("capabilities"));
        assertEquals(41, capabilities.size(), capabilities.toString());
        assertEquals(List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE"), capabilities.subList(0, 2));
        assertEquals("CAP_CHECKPOINT_RESTORE", capabilities.getLast());
        assertEquals(List.of("v1", "v2", "systemd", "systemdUser", "rdma"), names(linux.get("cgroup")));
        JsonNode cgroup = linux.get("cgroup");
        assertEquals(List.of(true, true, false, false, false), List.of(cgroup.get("v1").asBoolean(), cgroup.get("v2").asBoolean(),
                cgroup.get("systemd").asBoolean(), cgroup.get("systemdUser").asBoolean(), cgroup.get("rdma").asBoolean()));
        JsonNode seccomp = linux.get("seccomp");
        assertTrue(seccomp.get("enabled").asBoolean(), seccomp.toString());
        assertTrue(strings(seccomp.get("actions")).contains("SCMP_ACT_ERRNO"), seccomp.toString());
        assertEquals(7, seccomp.get("operators").size(), seccomp.toString());
        assertTrue(strings(seccomp.get("archs")).containsAll(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64")));
        for (String feature : List.of("apparmor", "selinux", "intelRdt")) {
            assertEquals("{\"enabled\":false}", linux.get(feature).toString(), feature);
        }
        assertEquals(Version.CRATE, doc.get("annotations").get("crate.version").asText());
    }

    /**
     * The list is the one crate.namespaces' MountOptions recognizes (flags and propagation,
     * not passed on as file system data), read from it by reflection: a plugin's internals
     * are not the application's API.
     */
    @Test
    void mountOptionsAreExactlyTheOnesTheNamespacesIsolatorRecognizes() throws Exception {
        Class<?> options = Class.forName("crate.namespaces.MountOptions");
        Method parse = options.getDeclaredMethod("parse", List.class);
        parse.setAccessible(true);
        Method data = options.getDeclaredMethod("data");
        data.setAccessible(true);
        List<String> listed = strings(features().get("mountOptions"));
        for (String option : listed) {
            assertEquals("", data.invoke(parse.invoke(null, List.of(option))), option + " is not recognized");
        }
        TreeSet<String> recognized = new TreeSet<>();
        for (String table : List.of("FLAGS", "PROPAGATION")) {
            Field field = options.getDeclaredField(table);
            field.setAccessible(true);
            recognized.addAll(((Map<?, ?>) field.get(null)).keySet().stream().map(Object::toString).toList());
        }
        assertEquals(List.copyOf(recognized), listed);
    }
}
