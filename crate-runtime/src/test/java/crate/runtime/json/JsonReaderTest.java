package crate.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.spec.Spec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader on its own: positions, paths, limits and hostile input. */
class JsonReaderTest {
    private static Spec spec(String json) throws JsonException {
        return JsonReader.read(json.getBytes(StandardCharsets.UTF_8), ConfigJson::read);
    }

    private static String error(String json) {
        return error(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(byte[] json) {
        return assertThrows(JsonException.class, () -> JsonReader.read(json, ConfigJson::read)).getMessage();
    }

    @Test
    void positionsCountLinesAndBytes() {
        assertEquals("line 3, column 23: process.args: expected an array",
                error("{\n  \"ociVersion\": \"1.2.0\",\n  \"process\": {\"args\": \"sh\"}\n}"));
        // Columns count bytes, as Jackson's did: é is two.
        assertEquals("line 1, column 28: root: expected an object", error("{\"hostname\": \"\u00e9\", \"root\": 5}"));
        // \r\n is one line break, a lone \r another.
        assertEquals("line 3, column 9: root: expected an object", error("{\r\n\"hostname\": \"h\",\r\"root\": 5}"));
        assertEquals("line 2, column 1: Unexpected character ('x' (code 120)): was expecting comma to separate Object entries",
                error("{\"hostname\": \"h\"\nx}"));
    }

    @Test
    void pathsNameFieldsAndIndexes() {
        assertTrue(error("{\"mounts\": [{}, {\"options\": [\"ro\", 5, {}]}]}").endsWith(": mounts[1].options[2]: expected a string"));
        assertTrue(error("{\"linux\": {\"resources\": {\"blockIO\": {\"throttleWriteIOPSDevice\": [{\"rate\": \"fast\"}]}}}}")
                .endsWith(": linux.resources.blockIO.throttleWriteIOPSDevice[0].rate: expected a number"));
        assertTrue(error("{\"annotations\": {\"k\": {}}}").endsWith(": annotations.k: expected a string"));
    }

    @Test
    void integersOutOfRangeAreErrorsNotWrapped() {
        // Placed right after the number, as Jackson placed it.
        assertEquals("line 1, column 40: process.user.uid: Numeric value (4294967296) out of range of int (-2147483648 - 2147483647)",
                error("{\"process\": {\"user\": {\"uid\": 4294967296}}}"));
        assertTrue(error("{\"linux\": {\"resources\": {\"pids\": {\"limit\": 18446744073709551616}}}}")
                .endsWith(": linux.resources.pids.limit: Numeric value (18446744073709551616) out of range of long "
                        + "(-9223372036854775808 - 9223372036854775807)"));
        assertTrue(error("{\"linux\": {\"resources\": {\"pids\": {\"limit\": \"18446744073709551616\"}}}}")
                .endsWith(": linux.resources.pids.limit: expected a number"));
        assertTrue(error("{\"process\": {\"oomScoreAdj\": 1.0}}").endsWith(": process.oomScoreAdj: expected a number"));
        assertTrue(error("{\"process\": {\"oomScoreAdj\": 1e3}}").endsWith(": process.oomScoreAdj: expected a number"));
    }

    @Test
    void uint64RlimitsAreKept() throws JsonException {
        Spec spec = spec("{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_AS\", \"hard\": 18446744073709551615, \"soft\": \"42\"}]}}");
        assertEquals(new BigInteger("18446744073709551615"), spec.process().rlimits().getFirst().hard());
        assertEquals(BigInteger.valueOf(42), spec.process().rlimits().getFirst().soft());
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws JsonException {
        int depth = JsonReader.MAX_DEPTH;
        // The limit itself is fine, also inside an unknown field that is skipped.
        assertEquals("h", spec("{\"x\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + ", \"hostname\": \"h\"}").hostname());
        String message = error("{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        assertTrue(message.startsWith("line 1, column " + (5 + depth) + ": "), message);
        assertTrue(message.endsWith("Document nesting depth (1001) exceeds the maximum allowed (1000)"), message);
        // Far deeper input fails the same way instead of overflowing the stack.
        assertTrue(error("[".repeat(1_000_000)).endsWith("expected an object"));
        assertTrue(error("{\"x\":" + "[".repeat(1_000_000)).contains("Document nesting depth"));
    }

    @Test
    void hugeNumbersAreRefusedByLength() throws JsonException {
        String digits = "9".repeat(JsonReader.MAX_NUMBER_LENGTH);
        assertEquals(digits, spec("{\"hostname\": " + digits + "}").hostname());
        assertTrue(error("{\"hostname\": 9" + digits + "}")
                .endsWith("Number value length (1001) exceeds the maximum allowed (1000)"));
    }

    @Test
    void truncatedInputSaysEndOfInput() {
        assertEquals("line 1, column 17: hostname: Unexpected end-of-input in VALUE_STRING", error("{\"hostname\": \"ab"));
        assertEquals("line 1, column 14: Unexpected end-of-input within/between Object entries", error("{\"hostname\": "));
        assertEquals("line 1, column 14: process: Unexpected end-of-input: expected close marker for Object",
                error("{\"process\": {"));
        assertEquals("line 1, column 0: expected an object", error(""));
    }

    @Test
    void badEscapesAndControlCharactersAreRefused() {
        assertEquals("line 1, column 16: hostname: Unrecognized character escape 'q' (code 113)", error("{\"hostname\": \"\\q\"}"));
        assertEquals("line 1, column 19: hostname: Unexpected character ('z' (code 122)): expected a hex-digit for character escape sequence",
                error("{\"hostname\": \"\\u00z0\"}"));
        assertEquals("line 1, column 16: hostname: Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using "
                + "backslash to be included in string value", error("{\"hostname\": \"a\u0001\"}"));
        assertTrue(error("{\"hostname\": \"a\u007f\u0000\"}").contains("(CTRL-CHAR, code 0)"));
    }

    @Test
    void loneSurrogatesAreKeptAndWrittenEscaped() throws JsonException {
        Spec spec = spec("{\"hostname\": \"a\\ud800b\\udc00\"}");
        assertEquals("a\ud800b\udc00", spec.hostname());
        JsonWriter out = JsonWriter.compact();
        out.beginObject().stringField("h", spec.hostname()).endObject();
        assertEquals("{\"h\":\"a\\uD800b\\uDC00\"}", new String(out.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] prefix = "{\"hostname\": \"".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xc0, (byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0x80})) {
            byte[] json = new byte[prefix.length + bad.length + 2];
            System.arraycopy(prefix, 0, json, 0, prefix.length);
            System.arraycopy(bad, 0, json, prefix.length, bad.length);
            json[json.length - 2] = '"';
            json[json.length - 1] = '}';
            String message = error(json);
            assertTrue(message.startsWith("line 1, column ") && message.contains("hostname: "), message);
        }
    }

    @Test
    void nullDocumentReadsAsNull() throws JsonException {
        assertNull(spec("null"));
        assertNull(spec(" \n null trailing"));
    }
}
