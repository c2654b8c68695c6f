package crate.runtime.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON document (UTF-8 bytes) value by value, for hand-written record readers:
 * {@link #beginObject()}/{@link #nextField()}, {@link #beginArray()}/{@link #nextElement()}
 * and typed scalars. It keeps the line and column of every value and the path to it
 * ({@code mounts[1].options}), so that errors say where, in the form crate's Jackson-based
 * reader had: {@code line 1, column 10: root: expected an object}.
 *
 * <p>Scalars are converted as Jackson's defaults did, so that the same documents are
 * accepted: a string field also takes a number or boolean (as its text), a number field a
 * string holding one, a boolean field 0/1 or "true"/"false"; null, "" and "null" are the zero
 * value; a float where an integer is expected is refused, as is an integer out of range.
 * Text after the top-level value is not read (Jackson did not read it either).
 */
public final class JsonReader {
    /** Deepest nesting of arrays and objects (Jackson's default limit). */
    static final int MAX_DEPTH = 1000;
    /** Longest number, in characters (Jackson's default limit). */
    static final int MAX_NUMBER_LENGTH = 1000;

    private final JsonLexer lexer;
    private final JsonPath path = new JsonPath();

    private JsonReader(byte[] json) {
        this.lexer = new JsonLexer(json, path);
    }

    /** The element or field reader of a list or map. */
    @FunctionalInterface
    public interface ValueReader<T> {
        T read(JsonReader in) throws JsonException;
    }

    /**
     * Reads {@code json}'s top-level value with {@code reader}.
     *
     * @return null when the document is {@code null}
     * @throws JsonException for an empty document, bad JSON or a value of the wrong kind
     */
    public static <T> T read(byte[] json, ValueReader<T> reader) throws JsonException {
        JsonReader in = new JsonReader(json);
        if (in.lexer.atEnd()) {
            // Jackson's "no content": it had no token, hence column 0.
            throw new JsonException("line 1, column 0: expected an object");
        }
        return reader.read(in);
    }

    // ---- objects and arrays -------------------------------------------------------------

    /** Opens an object: false (and consumed) for null; an error for any other kind of value. */
    public boolean beginObject() throws JsonException {
        return begin(JsonLexer.Kind.OBJECT, "an object");
    }

    /** Opens an array: false (and consumed) for null; an error for any other kind of value. */
    public boolean beginArray() throws JsonException {
        return begin(JsonLexer.Kind.ARRAY, "an array");
    }

    private boolean begin(JsonLexer.Kind wanted, String expected) throws JsonException {
        JsonLexer.Kind kind = lexer.peek();
        if (kind == JsonLexer.Kind.NULL) {
            lexer.consume();
            return false;
        }
        if (kind != wanted) {
            throw mismatch(expected);
        }
        lexer.open(wanted == JsonLexer.Kind.ARRAY);
        return true;
    }

    /** Moves to the next field of the open object; false (and closed) at its end. */
    public boolean nextField() throws JsonException {
        return lexer.nextField();
    }

    /** The name of the field {@link #nextField()} moved to. */
    public String field() {
        return path.field();
    }

    /** Moves to the next element of the open array; false (and closed) at its end. */
    public boolean nextElement() throws JsonException {
        return lexer.nextElement();
    }

    /** Skips the value at hand, whatever it is (an unknown field's). */
    public void skipValue() throws JsonException {
        lexer.skipValue();
    }

    /** A list, or null for null; each element read by {@code element}. */
    public <T> List<T> list(ValueReader<T> element) throws JsonException {
        if (!beginArray()) {
            return null;
        }
        List<T> out = new ArrayList<>();
        while (nextElement()) {
            out.add(element.read(this));
        }
        return out;
    }

    /** A list of strings, or null for null. */
    public List<String> stringList() throws JsonException {
        return list(JsonReader::string);
    }

    /** An object of strings (insertion order; a repeated key's last value wins), or null for null. */
    public Map<String, String> stringMap() throws JsonException {
        if (!beginObject()) {
            return null;
        }
        path.markMap();
        Map<String, String> out = new LinkedHashMap<>();
        while (nextField()) {
            out.put(field(), string());
        }
        return out;
    }

    /**
     * The error of a record whose constructor refused what was read (a null element in a list
     * that it copies), as Jackson said it: at the record's closing brace.
     */
    public JsonException cannotConstruct(Class<?> type) {
        return lexer.errorAtClose("Cannot construct instance of `" + type.getName()
                + "`, problem: `java.lang.NullPointerException`");
    }

    // ---- scalars ------------------------------------------------------------------------

    /** A string; a number or boolean as its JSON text; null for null. */
    public String string() throws JsonException {
        return switch (lexer.peek()) {
            case STRING -> lexer.takeString();
            case NUMBER -> lexer.takeNumberText();
            case TRUE -> take("true");
            case FALSE -> take("false");
            case NULL -> take(null);
            default -> throw mismatch("a string");
        };
    }

    /** A boolean; null, absent-like strings ("", "null") are false. */
    public boolean bool() throws JsonException {
        return Boolean.TRUE.equals(boolOrNull());
    }

    /** A boolean, or null for null, "" and "null". */
    public Boolean boolOrNull() throws JsonException {
        return switch (lexer.peek()) {
            case TRUE -> take(Boolean.TRUE);
            case FALSE -> take(Boolean.FALSE);
            case NULL -> this.<Boolean>take(null);
            case NUMBER -> booleanFromNumber();
            case STRING -> booleanFromString();
            default -> throw mismatch("true or false");
        };
    }

    /** Jackson's int-to-boolean coercion: anything but zero is true; a float is refused. */
    private Boolean booleanFromNumber() throws JsonException {
        if (!lexer.numberIsIntegral()) {
            throw mismatch("true or false");
        }
        return new BigInteger(lexer.takeNumberText()).signum() != 0;
    }

    private Boolean booleanFromString() throws JsonException {
        Boolean value = switch (lexer.peekString().trim()) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            case "", "null" -> null;
            default -> throw mismatch("true or false");
        };
        lexer.consume();
        return value;
    }

    /** An int; null, "" and "null" are 0. */
    public int intValue() throws JsonException {
        Integer value = integer();
        return value == null ? 0 : value;
    }

    /** An int, or null for null, "" and "null". */
    public Integer integer() throws JsonException {
        BigInteger value = integral(Integer.SIZE, "int", Integer.MIN_VALUE, Integer.MAX_VALUE);
        return value == null ? null : value.intValue();
    }

    /** A long; null, "" and "null" are 0. */
    public long longValue() throws JsonException {
        Long value = longOrNull();
        return value == null ? 0 : value;
    }

    /** A long, or null for null, "" and "null". */
    public Long longOrNull() throws JsonException {
        BigInteger value = integral(Long.SIZE, "long", Long.MIN_VALUE, Long.MAX_VALUE);
        return value == null ? null : value.longValue();
    }

    /** An integer of any size, or null for null, "" and "null". */
    public BigInteger bigInteger() throws JsonException {
        return integral(Integer.MAX_VALUE, null, 0, 0);
    }

    /**
     * The integer at hand, from a JSON integer or a string holding one, of at most
     * {@code bits} bits with its sign. Out of range is an error naming the field, never a
     * wrapped value; Jackson worded it differently for a number and for a string.
     */
    private BigInteger integral(int bits, String type, long min, long max) throws JsonException {
        return switch (lexer.peek()) {
            case NULL -> this.<BigInteger>take(null);
            case NUMBER -> integralFromNumber(bits, type, min, max);
            case STRING -> integralFromString(bits);
            default -> throw mismatch("a number");
        };
    }

    /** A float is refused (Jackson's ACCEPT_FLOAT_AS_INT was off), as is an integer out of range. */
    private BigInteger integralFromNumber(int bits, String type, long min, long max) throws JsonException {
        if (!lexer.numberIsIntegral()) {
            throw mismatch("a number");
        }
        BigInteger number = new BigInteger(lexer.takeNumberText());
        if (number.bitLength() >= bits) {
            throw outOfRange(number, type, min, max);
        }
        return number;
    }

    /** Jackson's string-to-number coercion: trimmed, an optional sign, decimal digits; "" and "null" are null. */
    private BigInteger integralFromString(int bits) throws JsonException {
        String text = lexer.peekString().trim();
        BigInteger value = null;
        if (!text.isEmpty() && !text.equals("null")) {
            if (!isDecimalInteger(text)) {
                throw mismatch("a number");
            }
            value = new BigInteger(text);
            if (value.bitLength() >= bits) {
                throw mismatch("a number");
            }
        }
        lexer.consume();
        return value;
    }

    private static boolean isDecimalInteger(String text) {
        int start = text.charAt(0) == '+' || text.charAt(0) == '-' ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * One of the values in {@code byName}, by its name (a string, as Jackson read enums:
     * trimmed, exact case), or null for null.
     *
     * @param what the Java type's name, for the message ("a Status")
     */
    public <E> E oneOf(Map<String, E> byName, String what) throws JsonException {
        JsonLexer.Kind kind = lexer.peek();
        if (kind == JsonLexer.Kind.NULL) {
            lexer.consume();
            return null;
        }
        E value = kind == JsonLexer.Kind.STRING ? byName.get(lexer.peekString().trim()) : null;
        if (value == null) {
            throw mismatch("a " + what);
        }
        lexer.consume();
        return value;
    }

    private <T> T take(T value) throws JsonException {
        lexer.consume();
        return value;
    }

    private JsonException mismatch(String expected) {
        return lexer.errorAtValue("expected " + expected);
    }

    private JsonException outOfRange(BigInteger value, String type, long min, long max) {
        return lexer.errorAfterValue("Numeric value (" + value + ") out of range of " + type + " (" + min + " - " + max + ")");
    }
}
