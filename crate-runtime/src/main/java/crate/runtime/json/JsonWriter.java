package crate.runtime.json;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON as UTF-8, on one line or indented as Go's {@code json.MarshalIndent(v, "", "\t")}
 * (what {@code runc spec} writes, and crate's Jackson printer did): a tab per level, one
 * member per line, {@code "key": value}, {@code {}} and {@code []} when empty.
 *
 * <p>Strings are escaped as Jackson escaped them, so that the bytes stay the same: {@code \"},
 * {@code \\}, {@code \b \f \n \r \t}, other control characters and every UTF-16 surrogate as
 * {@code \}{@code uXXXX} (upper-case hex), everything else as UTF-8.
 *
 * <p>The {@code *Field} methods leave out a null value and, for lists and maps, an empty
 * one, as crate's records are written (Go's omitempty).
 */
public final class JsonWriter {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private final boolean indent;
    private byte[] out = new byte[1024];
    private int size;
    /** Per open object or array: whether it has a member yet. */
    private boolean[] members = new boolean[16];
    private int depth;
    private boolean afterName;

    private JsonWriter(boolean indent) {
        this.indent = indent;
    }

    /** Writes a record's fields. */
    @FunctionalInterface
    public interface ValueWriter<T> {
        void write(JsonWriter out, T value);
    }

    /** All on one line. */
    public static JsonWriter compact() {
        return new JsonWriter(false);
    }

    /** Indented with tabs, as Go's MarshalIndent. */
    public static JsonWriter indented() {
        return new JsonWriter(true);
    }

    public byte[] toBytes() {
        return Arrays.copyOf(out, size);
    }

    // ---- structure ----------------------------------------------------------------------

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    public JsonWriter name(String name) {
        separate();
        quoted(name);
        put(':');
        if (indent) {
            put(' ');
        }
        afterName = true;
        return this;
    }

    private JsonWriter open(char bracket) {
        beforeValue();
        put(bracket);
        if (depth == members.length) {
            members = Arrays.copyOf(members, depth * 2);
        }
        members[depth++] = false;
        return this;
    }

    private JsonWriter close(char bracket) {
        depth--;
        if (members[depth] && indent) {
            newLine(depth);
        }
        put(bracket);
        return this;
    }

    /** The comma and line break before a member. */
    private void separate() {
        if (depth == 0) {
            return;
        }
        if (members[depth - 1]) {
            put(',');
        }
        members[depth - 1] = true;
        if (indent) {
            newLine(depth);
        }
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else {
            separate();
        }
    }

    private void newLine(int tabs) {
        put('\n');
        for (int i = 0; i < tabs; i++) {
            put('\t');
        }
    }

    // ---- values -------------------------------------------------------------------------

    public JsonWriter string(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        quoted(value);
        return this;
    }

    public JsonWriter number(long value) {
        return raw(Long.toString(value));
    }

    public JsonWriter number(BigInteger value) {
        return value == null ? nullValue() : raw(value.toString());
    }

    public JsonWriter bool(boolean value) {
        return raw(value ? "true" : "false");
    }

    public JsonWriter nullValue() {
        return raw("null");
    }

    private JsonWriter raw(String ascii) {
        beforeValue();
        for (int i = 0; i < ascii.length(); i++) {
            put(ascii.charAt(i));
        }
        return this;
    }

    // ---- fields, left out when null or empty --------------------------------------------

    public JsonWriter stringField(String name, String value) {
        return value == null ? this : name(name).string(value);
    }

    public JsonWriter field(String name, boolean value) {
        return name(name).bool(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).number(value);
    }

    public JsonWriter numberField(String name, Number value) {
        if (value == null) {
            return this;
        }
        return value instanceof BigInteger big ? name(name).number(big) : name(name).number(value.longValue());
    }

    public JsonWriter booleanField(String name, Boolean value) {
        return value == null ? this : name(name).bool(value);
    }

    public <T> JsonWriter objectField(String name, T value, ValueWriter<T> writer) {
        if (value == null) {
            return this;
        }
        name(name);
        writer.write(this, value);
        return this;
    }

    public <T> JsonWriter listField(String name, List<T> values, ValueWriter<T> element) {
        if (values == null || values.isEmpty()) {
            return this;
        }
        name(name).beginArray();
        for (T value : values) {
            if (value == null) {
                nullValue();
            } else {
                element.write(this, value);
            }
        }
        return endArray();
    }

    public JsonWriter stringListField(String name, List<String> values) {
        return listField(name, values, JsonWriter::string);
    }

    public JsonWriter numberListField(String name, List<? extends Number> values) {
        return listField(name, values, (out, n) -> out.number(n.longValue()));
    }

    /** An object of strings, in the map's order; a null value is written as null. */
    public JsonWriter mapField(String name, Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return this;
        }
        name(name).beginObject();
        values.forEach((key, value) -> name(key).string(value));
        return endObject();
    }

    // ---- bytes --------------------------------------------------------------------------

    private void quoted(String text) {
        put('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                put(c);
            } else {
                special(c);
            }
        }
        put('"');
    }

    private void special(char c) {
        switch (c) {
            case '"' -> escaped('"');
            case '\\' -> escaped('\\');
            case '\b' -> escaped('b');
            case '\f' -> escaped('f');
            case '\n' -> escaped('n');
            case '\r' -> escaped('r');
            case '\t' -> escaped('t');
            default -> {
                if (c < 0x20 || Character.isSurrogate(c)) {
                    escaped('u');
                    put(HEX[(c >> 12) & 0xf]);
                    put(HEX[(c >> 8) & 0xf]);
                    put(HEX[(c >> 4) & 0xf]);
                    put(HEX[c & 0xf]);
                } else if (c < 0x800) {
                    put(0xc0 | (c >> 6));
                    put(0x80 | (c & 0x3f));
                } else {
                    put(0xe0 | (c >> 12));
                    put(0x80 | ((c >> 6) & 0x3f));
                    put(0x80 | (c & 0x3f));
                }
            }
        }
    }

    private void escaped(char c) {
        put('\\');
        put(c);
    }

    private void put(int b) {
        if (size == out.length) {
            out = Arrays.copyOf(out, size * 2);
        }
        out[size++] = (byte) b;
    }
}
