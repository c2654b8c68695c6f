package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spec.Process;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * crate's own JSON reader and writer against Jackson as crate configured it before
 * ({@link JacksonJson}): the same documents give the same records or the same error text,
 * and the same records give the same bytes.
 */
class JsonParityTest {
    static final List<String> CORPUS = List.of("runc-spec.json", "json/runc-rootless.json", "json/crun-spec.json",
            "json/crate-spec.json", "json/every-field.json");

    static byte[] resource(String name) {
        try (InputStream in = JsonParityTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** What Jackson made of {@code json}: the record, or the error text. */
    private static Object jackson(byte[] json, Class<?> type) {
        try {
            return JacksonJson.parse(json, "S", type);
        } catch (CrateException e) {
            return e.getMessage();
        }
    }

    private static Object ours(byte[] json, Class<?> type) {
        try {
            if (type == Spec.class) {
                return SpecJson.parseSpec(json, "S");
            } else if (type == State.class) {
                return SpecJson.readState(json, "S");
            } else if (type == Process.class) {
                return SpecJson.parseProcess(json, "S");
            } else if (type == LinuxResources.class) {
                return SpecJson.parseResources(json, "S");
            } else if (type == ContainerState.class) {
                return SpecJson.parse(json, "S", ContainerStateJson::read);
            }
            return SpecJson.parse(json, "S", crate.runtime.json.StateJson::readContext);
        } catch (CrateException e) {
            return e.getMessage();
        }
    }

    private static void same(String json, Class<?> type) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(jackson(bytes, type), ours(bytes, type), json);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void corpusReadsAsJacksonReadIt(String name) {
        byte[] json = resource(name);
        Object jackson = jackson(json, Spec.class);
        assertTrue(jackson instanceof Spec, name + ": " + jackson);
        assertEquals(jackson, ours(json, Spec.class), name);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void corpusWritesAsJacksonWroteIt(String name) throws CrateException {
        Spec spec = SpecJson.parseSpec(resource(name), name);
        assertEquals(new String(JacksonJson.writeValue(spec), StandardCharsets.UTF_8),
                new String(SpecJson.write(spec), StandardCharsets.UTF_8));
        ContainerContext context = new ContainerContext("c1", "/b", spec, "bundle").withOption(ContainerContext.NO_PIVOT, "true");
        assertEquals(new String(JacksonJson.writeLine(context), StandardCharsets.UTF_8),
                new String(SpecJson.write(context), StandardCharsets.UTF_8));
        ContainerState state = new ContainerState("c1", 42, 123456789012L, "/b", "/b/rootfs", "2026-01-01T00:00:00Z", "root",
                context, Map.of("/sys/fs/cgroup/memory", "/crate/c1"), Map.of("ip", "10.88.0.2"));
        assertEquals(new String(JacksonJson.writeValue(state), StandardCharsets.UTF_8),
                new String(ContainerStateJson.write(state), StandardCharsets.UTF_8));
        assertEquals(state, ours(ContainerStateJson.write(state), ContainerState.class));
        assertEquals(state, jackson(ContainerStateJson.write(state), ContainerState.class));
    }

    static Stream<String> corpus() {
        return CORPUS.stream();
    }

    @Test
    void minimalRecordsWriteAsJacksonWroteThem() {
        Spec spec = new Spec(null, null, null, null, null, null, null, null);
        assertEquals("{}", new String(SpecJson.write(spec), StandardCharsets.UTF_8));
        assertEquals(new String(JacksonJson.writeValue(spec), StandardCharsets.UTF_8), "{}");
        ContainerContext context = new ContainerContext(null, null, null, null);
        assertEquals(new String(JacksonJson.writeLine(context), StandardCharsets.UTF_8),
                new String(SpecJson.write(context), StandardCharsets.UTF_8));
        ContainerState state = new ContainerState(null, 0, 0, null, null, null, null, null);
        assertEquals(new String(JacksonJson.writeValue(state), StandardCharsets.UTF_8),
                new String(ContainerStateJson.write(state), StandardCharsets.UTF_8));
        State oci = new State(null, null, null, 0, null, null);
        assertEquals(new String(JacksonJson.writeLine(oci), StandardCharsets.UTF_8),
                new String(SpecJson.writeState(oci), StandardCharsets.UTF_8));
        State full = new State("1.2.0", "c1", State.Status.PAUSED, 7, "/b", Map.of("a", "b\n\u0001\"\\"));
        assertEquals(new String(JacksonJson.writeLine(full), StandardCharsets.UTF_8),
                new String(SpecJson.writeState(full), StandardCharsets.UTF_8));
    }

    @Test
    void stringsAreEscapedAsJacksonEscapedThem() throws CrateException {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            every.append(c);
        }
        every.append("\ud83d\ude00 \ud800 lone \udfff and \uffff");
        Spec spec = new Spec(every.toString(), null, null, null, null, null, null, Map.of(every.toString(), "\u2028"));
        assertEquals(new String(JacksonJson.writeValue(spec), StandardCharsets.UTF_8),
                new String(SpecJson.write(spec), StandardCharsets.UTF_8));
        // Lone surrogates go out escaped and come back the same.
        assertEquals(spec, SpecJson.parseSpec(SpecJson.write(spec), "again"));
    }

    /** Documents that both accept, or refuse with the same message (type errors, ranges, syntax). */
    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "\n\n  ", "null", "[]", "5", "\"str\"", "{} trailing garbage is not read", "\uFEFF{}",
        "{\"ociVersion\": 5}", "{\"ociVersion\": 1.5}", "{\"ociVersion\": true}", "{\"ociVersion\": -0}",
        "{\"ociVersion\": 1E+3}", "{\"ociVersion\": {}}", "{\"ociVersion\": []}", "{\"ociVersion\": null}",
        "{\"ociVersion\": 123456789012345678901234567890}",
        "{\"root\": {\"readonly\": \"true\"}}", "{\"root\": {\"readonly\": \"True\"}}", "{\"root\": {\"readonly\": \"TRUE\"}}",
        "{\"root\": {\"readonly\": \"tRue\"}}", "{\"root\": {\"readonly\": \" false \"}}", "{\"root\": {\"readonly\": \"\"}}",
        "{\"root\": {\"readonly\": \"  \"}}", "{\"root\": {\"readonly\": \"null\"}}", "{\"root\": {\"readonly\": \"yes\"}}",
        "{\"root\": {\"readonly\": \"1\"}}", "{\"root\": {\"readonly\": 1}}", "{\"root\": {\"readonly\": 0}}",
        "{\"root\": {\"readonly\": -0}}", "{\"root\": {\"readonly\": 2}}", "{\"root\": {\"readonly\": 99999999999999999999}}",
        "{\"root\": {\"readonly\": 1.0}}", "{\"root\": {\"readonly\": []}}", "{\"root\": {\"readonly\": {}}}",
        "{\"root\": {\"readonly\": null}}", "{\"root\": 5}", "{\"root\": \"x\"}", "{\"root\": []}",
        "{\"process\": {\"user\": {\"uid\": \"5\"}}}", "{\"process\": {\"user\": {\"uid\": \" +5 \"}}}",
        "{\"process\": {\"user\": {\"uid\": \"-5\"}}}", "{\"process\": {\"user\": {\"uid\": \"007\"}}}",
        "{\"process\": {\"user\": {\"uid\": \"\"}}}", "{\"process\": {\"user\": {\"uid\": \"null\"}}}",
        "{\"process\": {\"user\": {\"uid\": \"x\"}}}", "{\"process\": {\"user\": {\"uid\": \"1.5\"}}}",
        "{\"process\": {\"user\": {\"uid\": \"0x10\"}}}", "{\"process\": {\"user\": {\"uid\": \"1e2\"}}}",
        "{\"process\": {\"user\": {\"uid\": \"2147483648\"}}}", "{\"process\": {\"user\": {\"uid\": true}}}",
        "{\"process\": {\"user\": {\"uid\": 1.0}}}", "{\"process\": {\"user\": {\"uid\": 1e2}}}",
        "{\"process\": {\"user\": {\"uid\": 2147483647, \"gid\": -2147483648}}}",
        "{\"process\": {\"user\": {\"uid\": 2147483648}}}", "{\"process\": {\"user\": {\"uid\": -2147483649}}}",
        "{\"process\": {\"user\": {\"uid\": 99999999999999999999}}}", "{\"process\": {\"user\": {\"uid\": null}}}",
        "{\"process\": {\"user\": {\"uid\": [5]}}}", "{\"process\": {\"user\": {\"uid\": {}}}}",
        "{\"process\": {\"user\": {\"umask\": \"\"}}}", "{\"process\": {\"user\": {\"umask\": 1.5}}}",
        "{\"process\": {\"user\": {\"additionalGids\": [1, null]}}}", "{\"process\": {\"user\": {\"additionalGids\": [\"1\"]}}}",
        "{\"process\": {\"user\": {\"additionalGids\": [1.5]}}}",
        "{\"process\": {\"args\": [\"a\", null]}}", "{\"process\": {\"args\": [1, true, 1.5, -0, 1e400]}}",
        "{\"process\": {\"args\": [[]]}}", "{\"process\": {\"args\": \"\"}}", "{\"process\": {\"args\": {}}}",
        "{\n  \"ociVersion\": \"1.2.0\",\n  \"process\": {\"args\": \"sh -c true\"}\n}",
        "{\"process\": {\"rlimits\": [{\"hard\": 1.5}]}}", "{\"process\": {\"rlimits\": [{\"hard\": -1}]}}",
        "{\"process\": {\"rlimits\": [{\"hard\": \"12\"}]}}", "{\"process\": {\"rlimits\": [{\"hard\": 1e400}]}}",
        "{\"process\": {\"rlimits\": [{\"hard\": \"x\"}]}}", "{\"process\": {\"rlimits\": [{\"hard\": true}]}}",
        "{\"process\": {\"rlimits\": [{\"hard\": \"\"}]}}", "{\"process\": {\"rlimits\": [null]}}",
        "{\"process\": {\"rlimits\": [{\"soft\": 99999999999999999999999999999999}]}}",
        "{\"process\": {\"consoleSize\": {\"height\": 2147483648}}}", "{\"process\": {\"oomScoreAdj\": -1000}}",
        "{\"process\": {\"capabilities\": {\"bounding\": [null]}}}", "{\"process\": {\"capabilities\": []}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": 9223372036854775807}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": 9223372036854775808}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": -9223372036854775808}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": -9223372036854775809}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": \"12\"}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": \"99999999999999999999\"}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": 1.5}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"disableOOMKiller\": 1}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"disableOOMKiller\": \"false\"}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"disableOOMKiller\": \"\"}}}}",
        "{\"linux\": {\"resources\": {\"memory\": {\"disableOOMKiller\": \"no\"}}}}",
        "{\"linux\": {\"resources\": {\"devices\": [{\"allow\": null}]}}}",
        "{\"linux\": {\"resources\": {\"devices\": [null], \"unified\": {}}}}",
        "{\"linux\": {\"resources\": {\"unified\": {\"a\": null}}}}",
        "{\"linux\": {\"resources\": {\"blockIO\": {\"throttleReadIOPSDevice\": [{\"major\": 1}], \"throttleReadIopsDevice\": 5}}}}",
        "{\"linux\": {\"resources\": {\"blockIO\": {\"weightDevice\": [{\"major\": \"x\"}]}}}}",
        "{\"linux\": {\"seccomp\": {\"syscalls\": [{\"args\": [{\"index\": 1, \"value\": 18446744073709551615}]}]}}}",
        "{\"linux\": {\"seccomp\": {\"syscalls\": [{\"names\": [\"a\", null]}]}}}",
        "{\"linux\": {\"seccomp\": {\"syscalls\": [null]}}}",
        "{\"linux\": {\"namespaces\": [null]}}", "{\"linux\": {\"namespaces\": [5]}}", "{\"linux\": {\"sysctl\": {\"a\": null}}}",
        "{\"linux\": {\"sysctl\": {\"a\": 1, \"b\": true, \"c\": 2.5}}}", "{\"linux\": []}",
        "{\"annotations\": {\"a\": 1, \"b\": null, \"c\": true}}", "{\"annotations\": {\"a\": []}}", "{\"annotations\": []}",
        "{\"annotations\": {\"a\": \"1\", \"a\": \"2\"}}", "{\"hostname\": \"a\", \"hostname\": \"b\"}",
        "{\"hostname\": \"a\", \"hostname\": 5}", "{\"hostname\": \"a\", \"hostname\": null}",
        "{\"hostname\": \"a\", \"hostname\": []}",
        "{\"hostname\": \"a\\u0000b\"}", "{\"hostname\": \"\\ud800\"}", "{\"hostname\": \"\\udc00x\\ud83d\\ude00\"}",
        "{\"hostname\": \"\\uD83D\\uDE00\\/\\b\\f\\n\\r\\t\\\"\\\\\"}", "{\"hostname\": \"\u00e9\u20ac\ud83d\ude00\"}",
        "{\"\\u0068ostname\": \"escaped name\"}",
        "{\"hostname\": \"\\x\"}", "{\"hostname\": \"\\u12\"}", "{\"hostname\": \"\\u12G4\"}", "{\"hostname\": \"a\nb\"}",
        "{\"hostname\": \"a\tb\"}", "{\"hostname\": \"a\u0001\"}", "{\"process\": {\"args\": [\"\\x\"]}}",
        "{\"hostname\": \"abc", "{\"hostname\": ", "{\"hostname\"", "{\"hostname\" 5}", "{\"hostname\": \"a\\",
        "{\"hostname\": \"a\\u00", "{hostname: 1}", "{'a': 1}", "{\"a\": 1,}", "{\"a\": 01}", "{\"a\": -}", "{\"a\": 1.}",
        "{\"a\": .5}", "{\"a\": tru}", "{\"a\": nul}", "{\"a\": 1 2}", "{\"a\": [1 2]}", "{\"a\" : // c\n 1}",
        "{\"hostname\": true1}", "{\"hostname\": 1x}", "{\"hostname\": 1.5e}", "{\"hostname\": -x}",
        "{\"root\": {\"path\": \"r\",", "{\"root\": [", "{\"mounts\": [{},", "{\"mounts\": [,]}", "{\"mounts\": [{} {}]}",
        "{\"x\": [1,", "{\"x\": {\"a\"", "{\"x\": \"abc", "{\"a\": \"\\x\", \"hostname\": 1}", "{\"a\": [\"\\x\"]}",
        "{\"mounts\": [null]}", "{\"mounts\": [5]}", "{\"mounts\": [{\"destination\": \"/a\"}, {\"options\": \"ro\"}]}",
        "{\"mounts\": [{\"options\": [\"ro\", null]}]}",
        "{\"hooks\": {\"prestart\": [{\"path\": \"p\", \"timeout\": 1.5}]}}", "{\"hooks\": {\"prestart\": [{\"args\": [null]}]}}",
        "{\"hooks\": {\"poststop\": [null]}}", "{\"hooks\": []}",
        "{\"ociVersion\": \"1\"\r\n, \"root\": 5}", "{\"ociVersion\": \"1\"\r, \"root\": 5}", "{\"ociVersion\": \"\u00e9\", \"root\": 5}",
        "}", "x", "[}", "{\"process\": 5 ",
    })
    void sameRecordOrSameError(String json) {
        same(json, Spec.class);
    }

    /** Syntax errors whose wording or position Jackson chose in ways not worth copying: both refuse. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": NaN}", "{\"root\": {\"path\": \"r\"}", "{\"root\": {\"path\": \"r\"", "{\"mounts\": [", "{\"mounts\": [{}",
        "{\"x\": [", "{\"x\": 12", "{]", "{\"a\"\u0000: 1}", "{\"annotations\": {\"k\\x\": \"v\"}}",
        "{\"annotations\": {\"k\": \"\\x\"}}",
    })
    void bothRefuse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertTrue(jackson(bytes, Spec.class) instanceof String, "Jackson accepted " + json);
        Object ours = ours(bytes, Spec.class);
        assertTrue(ours instanceof String message && message.matches("S: line \\d+, column \\d+: .+"), json + ": " + ours);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"status\": \"created\"}", "{\"status\": \" running \"}", "{\"status\": \"CREATED\"}", "{\"status\": \"x\"}",
        "{\"status\": 1}", "{\"status\": \"\"}", "{\"status\": null, \"pid\": null}", "{\"pid\": 1.5}",
        "{\"ociVersion\": \"1.2.0\", \"id\": \"c\", \"status\": \"stopped\", \"pid\": 4, \"bundle\": \"/b\", \"annotations\": {\"k\": \"v\"}}",
        "{\"annotations\": {\"k\": null}}",
    })
    void stateReadsAsJacksonReadIt(String json) {
        same(json, State.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\": 1, \"spec\": 2}", "{\"id\": \"c\", \"bundle\": \"/b\", \"spec\": {}, \"filesystem\": \"bundle\"}",
        "{\"options\": {\"b\": \"1\", \"a\": null}}", "{\"options\": []}",
    })
    void contextReadsAsJacksonReadIt(String json) {
        same(json, ContainerContext.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\": \"c\", \"pid\": 5, \"startTime\": 99999999999, \"cgroupPaths\": {}, \"network\": null}",
        "{\"pid\": 2147483648}", "{\"startTime\": 9223372036854775808}", "{\"context\": 5}", "{\"context\": {\"spec\": []}}",
    })
    void stateFileReadsAsJacksonReadIt(String json) {
        same(json, ContainerState.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"args\": [\"sh\"], \"user\": {\"uid\": 1}}", "{\"terminal\": \"x\"}", "[]", "{\"env\": [1]}"})
    void processReadsAsJacksonReadIt(String json) {
        same(json, Process.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"memory\": {\"limit\": 100}, \"pids\": {\"limit\": -1}}", "{\"cpu\": {\"cpus\": 1}}", "{\"pids\": 1}"})
    void resourcesReadAsJacksonReadThem(String json) {
        same(json, LinuxResources.class);
    }

    /**
     * Random edits of real documents: whatever Jackson accepts is read to the same record;
     * whatever it refuses is refused, with a position.
     */
    @Test
    void mutatedDocumentsAreAcceptedOrRefusedAsByJackson() {
        Random random = new Random(9);
        String alphabet = "{}[]\":,0123456789-+.eEtrufalsn \n\t\\/ux";
        int accepted = 0;
        for (String name : CORPUS) {
            String doc = new String(resource(name), StandardCharsets.UTF_8);
            for (int i = 0; i < 400; i++) {
                StringBuilder mutated = new StringBuilder(doc);
                for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                    int at = random.nextInt(mutated.length());
                    switch (random.nextInt(3)) {
                        case 0 -> mutated.deleteCharAt(at);
                        case 1 -> mutated.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        default -> mutated.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                byte[] bytes = mutated.toString().getBytes(StandardCharsets.UTF_8);
                Object jackson = jackson(bytes, Spec.class);
                Object ours = ours(bytes, Spec.class);
                if (jackson instanceof String message && message.contains("Unrecognized field")) {
                    continue; // see unknownFieldsAreIgnoredEverywhere
                }
                if (jackson instanceof Spec) {
                    accepted++;
                    assertEquals(jackson, ours, mutated.toString());
                } else if (!(ours instanceof String message) || !message.startsWith("S: ")) {
                    fail("Jackson refused (" + jackson + "), crate read " + ours + " from " + mutated);
                }
            }
        }
        // Both outcomes were exercised.
        assertTrue(accepted > 100 && accepted < 1900, "accepted " + accepted);
    }

    /**
     * The one difference on purpose: Jackson refused unknown fields in the two records without
     * {@code @JsonIgnoreProperties} (consoleSize, the context); the runtime-spec asks runtimes
     * to ignore unknown properties, and crate now does everywhere.
     */
    @Test
    void unknownFieldsAreIgnoredEverywhere() throws CrateException {
        byte[] json = "{\"process\": {\"consoleSize\": {\"height\": 2, \"width\": 3, \"depth\": 4}}}".getBytes(StandardCharsets.UTF_8);
        assertTrue(jackson(json, Spec.class) instanceof String message && message.contains("Unrecognized field \"depth\""));
        assertEquals(new crate.api.spec.ConsoleSize(2, 3), SpecJson.parseSpec(json, "S").process().consoleSize());
        byte[] context = "{\"id\": \"c\", \"later\": {\"x\": [1]}}".getBytes(StandardCharsets.UTF_8);
        assertTrue(jackson(context, ContainerContext.class) instanceof String);
        assertEquals(new ContainerContext("c", null, null, null), SpecJson.readContext(context));
    }

    @Test
    void everyPrefixOfADocumentIsRefused() {
        byte[] json = resource("json/every-field.json");
        for (int length = 0; length < json.length - 1; length++) {
            byte[] prefix = java.util.Arrays.copyOf(json, length);
            Object ours = ours(prefix, Spec.class);
            assertTrue(ours instanceof String message && message.matches("S: line \\d+, column \\d+: .+"), length + ": " + ours);
            assertTrue(jackson(prefix, Spec.class) instanceof String, length + ": Jackson accepted it");
        }
    }

    @Test
    void emptyDocumentErrorKeepsItsWording() {
        CrateException e = assertThrows(CrateException.class, () -> SpecJson.parseSpec("null".getBytes(StandardCharsets.UTF_8), "S"));
        assertEquals("S: empty document (expected a JSON object)", e.getMessage());
    }
}
