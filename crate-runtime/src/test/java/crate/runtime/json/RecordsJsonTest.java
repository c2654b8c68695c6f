package crate.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import crate.api.spec.ConsoleSize;
import crate.api.spec.Hook;
import crate.api.spec.Hooks;
import crate.api.spec.Linux;
import crate.api.spec.LinuxCapabilities;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.LinuxResources;
import crate.api.spec.LinuxSeccomp;
import crate.api.spec.Mount;
import crate.api.spec.Process;
import crate.api.spec.Rlimit;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.api.spec.User;
import crate.api.spi.ContainerContext;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every record written and read back, with every field set and with none. */
class RecordsJsonTest {
    /** A spec with every field of every record set (and not to its zero value). */
    static Spec everyField() {
        LinuxResources resources = new LinuxResources(
                List.of(new LinuxResources.DeviceRule(false, "a", null, null, "rwm"),
                        new LinuxResources.DeviceRule(true, "c", 1L, 3L, "rw")),
                new LinuxResources.Memory(1L << 30, 1L << 29, -1L, 5L, 6L, 60L, true, false, true),
                new LinuxResources.Cpu(1024L, 50000L, 10L, 100000L, 950000L, 1000000L, "0-1", "0", 1L),
                new LinuxResources.Pids(64L),
                new LinuxResources.BlockIo(500, 300, List.of(new LinuxResources.WeightDevice(8, 0, 600, 200)),
                        List.of(new LinuxResources.ThrottleDevice(8, 0, 1)), List.of(new LinuxResources.ThrottleDevice(8, 1, 2)),
                        List.of(new LinuxResources.ThrottleDevice(8, 2, 3)), List.of(new LinuxResources.ThrottleDevice(8, 3, 4))),
                List.of(new LinuxResources.HugepageLimit("2MB", 1L << 21)),
                Map.of("memory.high", "1000000"));
        LinuxSeccomp seccomp = new LinuxSeccomp("SCMP_ACT_ERRNO", 1, List.of("SCMP_ARCH_X86_64"), List.of("SECCOMP_FILTER_FLAG_LOG"),
                "/run/l.sock", "meta", List.of(new LinuxSeccomp.Syscall(List.of("personality"), "SCMP_ACT_ALLOW", 38,
                        List.of(new LinuxSeccomp.Arg(1, Long.MIN_VALUE, Long.MAX_VALUE, "SCMP_CMP_MASKED_EQ")))));
        Linux linux = new Linux(List.of(new LinuxNamespace("network", "/var/run/netns/n")), "rslave", List.of("/proc/kcore"),
                List.of("/proc/sys"), Map.of("net.ipv4.ip_forward", "1"), "/crate/c", resources, seccomp, "label");
        Process process = new Process(true, new User(1, 2, 18, List.of(3, 4)), List.of("sh", "-c", "\"\u00e9\ud83d\ude00\\\n"),
                List.of("A=b"), "/w", true, List.of(new Rlimit("RLIMIT_CORE", Rlimit.UNLIMITED, BigInteger.ONE)), -17,
                new ConsoleSize(24, 80), new LinuxCapabilities(List.of("CAP_KILL"), List.of("CAP_KILL"), List.of("CAP_CHOWN"),
                        List.of("CAP_KILL"), List.of("CAP_KILL")), "profile", "selinux");
        Hook hook = new Hook("/h", List.of("h", "1"), List.of("K=v"), 3);
        Hooks hooks = new Hooks(List.of(hook), List.of(hook), List.of(hook), List.of(hook), List.of(hook), List.of(hook));
        return new Spec("1.2.0", process, new Root("rootfs", true), "host", "domain",
                List.of(new Mount("/d", "bind", "/s", List.of("rbind", "ro"))), linux, Map.of("k", "v"), hooks);
    }

    private static <T> T roundTrip(T value, JsonWriter out, JsonWriter.ValueWriter<T> writer, JsonReader.ValueReader<T> reader)
            throws JsonException {
        writer.write(out, value);
        return JsonReader.read(out.toBytes(), reader);
    }

    @Test
    void everyFieldSurvivesBothStyles() throws JsonException {
        Spec spec = everyField();
        assertEquals(spec, roundTrip(spec, JsonWriter.indented(), ConfigJson::write, ConfigJson::read));
        assertEquals(spec, roundTrip(spec, JsonWriter.compact(), ConfigJson::write, ConfigJson::read));
        ContainerContext context = new ContainerContext("c", "/b", spec, "bundle", Map.of("a", "1", "b", "two\nlines"));
        assertEquals(context, roundTrip(context, JsonWriter.compact(), StateJson::writeContext, StateJson::readContext));
        State state = new State("1.2.0", "c", State.Status.RUNNING, 9, "/b", Map.of("k", "v"));
        assertEquals(state, roundTrip(state, JsonWriter.compact(), StateJson::writeState, StateJson::readState));
        assertEquals(spec.process(), roundTrip(spec.process(), JsonWriter.compact(), ProcessJson::write, ProcessJson::read));
        LinuxResources resources = spec.linux().resources();
        assertEquals(resources, roundTrip(resources, JsonWriter.compact(), ResourcesJson::write, ResourcesJson::read));
    }

    @Test
    void everyFieldMatters() throws JsonException {
        // A writer or reader that dropped a field would still pass the round trip if the field
        // were at its default: everyField() sets none to its default.
        Spec spec = everyField();
        Spec defaults = JsonReader.read("{\"process\": {}, \"root\": {}, \"linux\": {\"resources\": {}, \"seccomp\": {}}, \"hooks\": {}}"
                .getBytes(StandardCharsets.UTF_8), ConfigJson::read);
        assertNotEquals(defaults.process().user(), spec.process().user());
        assertNotEquals(defaults.process(), spec.process());
        assertNotEquals(defaults.root(), spec.root());
        assertNotEquals(defaults.linux().seccomp(), spec.linux().seccomp());
    }

    @Test
    void minimalDocumentsReadAsTheZeroRecords() throws JsonException {
        Spec spec = JsonReader.read("{\"process\": {}, \"root\": {}, \"hooks\": {}, \"linux\": {}}".getBytes(StandardCharsets.UTF_8),
                ConfigJson::read);
        assertEquals(new Spec(null, new Process(false, null, null, null, null, false), new Root(null, false), null, null, null,
                new Linux(null, null, null, null, null, null), null, Hooks.NONE), spec);
        JsonWriter out = JsonWriter.compact();
        ConfigJson.write(out, spec);
        assertEquals("{\"process\":{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0},\"noNewPrivileges\":false},"
                + "\"root\":{\"readonly\":false},\"linux\":{},\"hooks\":{}}", new String(out.toBytes(), StandardCharsets.UTF_8));
        assertEquals(new State(null, null, null, 0, null, null),
                JsonReader.read("{}".getBytes(StandardCharsets.UTF_8), StateJson::readState));
        assertEquals(new ContainerContext(null, null, null, null),
                JsonReader.read("{}".getBytes(StandardCharsets.UTF_8), StateJson::readContext));
    }

    @Test
    void indentedOutputIsGoStyle() {
        JsonWriter out = JsonWriter.indented();
        out.beginObject().name("a").beginArray().string("x").beginObject().endObject().beginArray().endArray().endArray()
                .name("b").beginObject().field("c", 1).endObject().endObject();
        assertEquals("{\n\t\"a\": [\n\t\t\"x\",\n\t\t{},\n\t\t[]\n\t],\n\t\"b\": {\n\t\t\"c\": 1\n\t}\n}",
                new String(out.toBytes(), StandardCharsets.UTF_8));
    }
}
