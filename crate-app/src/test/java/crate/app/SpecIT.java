package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static crate.app.CrateCli.crate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crate.app.CrateCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crate spec} as a user runs it: its config.json runs, and it is runc's but for known differences. */
class SpecIT {
    @TempDir Path bundle;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theWrittenBundleRuns() throws IOException {
        CrateCli.assumeRoot();
        Files.createSymbolicLink(bundle.resolve("rootfs"), busyboxRootfs());
        Result spec = crate("spec", "--bundle", bundle.toString());
        assertEquals(0, spec.exit(), spec.err());
        ObjectNode config = (ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        process.set("args", json.valueToTree(List.of("sh", "-c", "hostname; ulimit -n; ulimit -Hn; touch /x 2>&1")));
        Files.delete(bundle.resolve("config.json"));
        json.writeValue(bundle.resolve("config.json").toFile(), config);
        HostLeaks before = HostLeaks.snapshot();
        Result run = crate("run", "--bundle", bundle.toString(), "hooks-spec-it");
        HostLeaks.assertNothingLeftSince(before);
        assertEquals("crate\n1024\n1024\ntouch: /x: Read-only file system\n", run.out(), run.err());
    }

    /**
     * Field by field against {@code runc spec} (when runc is installed): the same document
     * but for the differences listed here, which are deliberate.
     */
    @Test
    void isRuncSpecButForKnownDifferences() throws IOException {
        Path runc = Path.of("/usr/sbin/runc");
        assumeTrue(Files.isExecutable(runc), "runc is not installed");
        Path ours = Files.createDirectory(bundle.resolve("crate"));
        Path theirs = Files.createDirectory(bundle.resolve("runc"));
        assertEquals(0, crate("spec", "-b", ours.toString()).exit());
        assertEquals(0, CrateCli.exec(List.of(runc.toString(), "spec", "-b", theirs.toString()), null).exit());
        JsonNode crate = json.readTree(ours.resolve("config.json").toFile());
        JsonNode reference = json.readTree(theirs.resolve("config.json").toFile());
        Set<String> differences = new TreeSet<>();
        diff("", crate, reference, differences);
        // ociVersion: crate implements 1.2.0 (runc 1.1 writes 1.0.2-dev); hostname "crate";
        // linux.resources: crate sets no limits unless asked; a cgroup namespace: crate
        // always creates one (runc 1.1 does not list it, later runc versions do).
        Set<String> expected = Set.of("ociVersion", "hostname", "linux.resources", "linux.namespaces");
        assertEquals(expected, differences, "crate spec and runc spec differ elsewhere");
        // The namespaces: runc 1.1's five, then cgroup.
        JsonNode namespaces = crate.get("linux").get("namespaces");
        assertEquals("{\"type\":\"cgroup\"}", namespaces.get(namespaces.size() - 1).toString());
        assertEquals(reference.get("linux").get("namespaces"), withoutLast(namespaces));
    }

    private static JsonNode withoutLast(JsonNode array) {
        ArrayNode copy = (ArrayNode) array.deepCopy();
        copy.remove(copy.size() - 1);
        return copy;
    }

    /** The paths (a.b.c) of the first differing object members, arrays compared whole. */
    private static void diff(String path, JsonNode a, JsonNode b, Set<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
            }
        } else if (a == null || !a.equals(b)) {
            out.add(path);
        }
    }
}
