package crate.runtime.json;

import java.nio.charset.StandardCharsets;

/**
 * JSON's grammar over UTF-8 bytes: whitespace, punctuation, the value at hand and its kind,
 * lines and columns (1-based, in bytes, as Jackson counted them), and syntax errors worded as
 * Jackson worded them. {@link JsonReader} gives the values their types.
 */
final class JsonLexer {
    /** The kinds of JSON values, told apart by their first byte. */
    enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

    private static final String VALUE_WANTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    private final byte[] in;
    private final JsonPath path;
    private int pos;
    private int line = 1;
    /** Index of the first byte of the current line. */
    private int lineStart;

    /** The value peeked at and not consumed yet (null: none) and where it starts and ends. */
    private Kind kind;
    private int valueStart;
    private int valueLine;
    private int valueColumn;
    /** Past the value, once known (numbers and literals at once, strings once decoded). */
    private int valueEnd;
    private boolean integral;
    private String decoded;
    /** The last closing brace or bracket, for errors about the record it closed. */
    private int closeLine;
    private int closeColumn;

    JsonLexer(byte[] in, JsonPath path) {
        this.in = in;
        this.path = path;
        // Jackson skipped a UTF-8 byte order mark.
        if (in.length >= 3 && (in[0] & 0xff) == 0xef && (in[1] & 0xff) == 0xbb && (in[2] & 0xff) == 0xbf) {
            pos = 3;
        }
    }

    boolean atEnd() throws JsonException {
        skipWhitespace();
        return pos >= in.length;
    }

    // ---- values ---------------------------------------------------------------------------

    /** The kind of the value at hand, without consuming it. */
    Kind peek() throws JsonException {
        if (kind != null) {
            return kind;
        }
        skipWhitespace();
        if (pos >= in.length) {
            throw eof(path.depth() > 0 && path.field() == null ? " within/between Array entries" : " within/between Object entries");
        }
        valueStart = pos;
        valueLine = line;
        valueColumn = pos - lineStart + 1;
        decoded = null;
        byte c = in[pos];
        kind = switch (c) {
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case '"' -> Kind.STRING;
            case 't' -> literal("true", Kind.TRUE);
            case 'f' -> literal("false", Kind.FALSE);
            case 'n' -> literal("null", Kind.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    scanNumber();
                    yield Kind.NUMBER;
                }
                throw notAValue(c);
            }
        };
        return kind;
    }

    /** Consumes the scalar at hand. */
    void consume() throws JsonException {
        if (kind == Kind.STRING && decoded == null) {
            peekString();
        }
        pos = valueEnd;
        kind = null;
    }

    boolean numberIsIntegral() {
        return integral;
    }

    String takeNumberText() throws JsonException {
        String text = new String(in, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        consume();
        return text;
    }

    /** The string at hand, decoded, not consumed. */
    String peekString() throws JsonException {
        if (decoded == null) {
            decoded = decodeString(valueStart, path.insideString());
            valueEnd = pos;
            pos = valueStart;
        }
        return decoded;
    }

    String takeString() throws JsonException {
        String text = peekString();
        consume();
        return text;
    }

    private Kind literal(String word, Kind literal) throws JsonException {
        int end = pos;
        while (end < in.length && isWordByte(in[end])) {
            end++;
        }
        if (end - pos != word.length() || !word.equals(new String(in, pos, end - pos, StandardCharsets.ISO_8859_1))) {
            throw unrecognizedToken(end);
        }
        valueEnd = end;
        return literal;
    }

    private JsonException unrecognizedToken(int end) {
        String token = new String(in, pos, Math.max(end - pos, 1), StandardCharsets.UTF_8);
        return error(valueLine, valueColumn, path.container(), "Unrecognized token '" + token + "': was expecting " + VALUE_WANTED);
    }

    private JsonException notAValue(byte c) {
        if (isWordByte(c)) {
            int end = pos;
            while (end < in.length && isWordByte(in[end])) {
                end++;
            }
            return unrecognizedToken(end);
        }
        if ((c == ']' || c == '}') && path.depth() == 0) {
            return error(valueLine, valueColumn, "", "Unexpected close marker '" + (char) c + "': no open "
                    + (c == '}' ? "Object" : "Array") + " to close");
        }
        if (c == ',' || c == ']' || c == '}') {
            return unexpected(pos, "expected a value");
        }
        if (c == '/') {
            return unexpected(pos, "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)");
        }
        return unexpected(pos, "expected a valid value " + VALUE_WANTED);
    }

    private static boolean isWordByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c < 0;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void scanNumber() throws JsonException {
        int i = pos;
        integral = true;
        if (in[i] == '-') {
            i++;
            if (i >= in.length || !isDigit(in[i])) {
                throw inNumber(i, "expected digit (0-9) to follow minus sign, for valid numeric value");
            }
        }
        if (in[i] == '0' && i + 1 < in.length && isDigit(in[i + 1])) {
            throw error(line, i + 1 - lineStart + 1, path.container(), "Invalid numeric value: Leading zeroes not allowed");
        }
        i = digits(i);
        if (i < in.length && in[i] == '.') {
            integral = false;
            i++;
            if (i >= in.length || !isDigit(in[i])) {
                throw inNumber(i, "Decimal point not followed by a digit");
            }
            i = digits(i);
        }
        if (i < in.length && (in[i] == 'e' || in[i] == 'E')) {
            integral = false;
            i++;
            if (i < in.length && (in[i] == '+' || in[i] == '-')) {
                i++;
            }
            if (i >= in.length || !isDigit(in[i])) {
                throw inNumber(i, "Exponent indicator not followed by a digit");
            }
            i = digits(i);
        }
        if (i - pos > JsonReader.MAX_NUMBER_LENGTH) {
            throw error(valueLine, valueColumn, path.container(), "Number value length (" + (i - pos)
                    + ") exceeds the maximum allowed (" + JsonReader.MAX_NUMBER_LENGTH + ")");
        }
        valueEnd = i;
    }

    private int digits(int i) {
        while (i < in.length && isDigit(in[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private JsonException inNumber(int at, String why) {
        if (at >= in.length) {
            return eofAt(at, " in a Number value", path.container());
        }
        return error(line, at - lineStart + 1, path.container(), "Unexpected character (" + describe(in[at]) + ") in numeric value: " + why);
    }

    // ---- objects and arrays ---------------------------------------------------------------

    /** Consumes the '{' or '[' at hand. */
    void open(boolean array) throws JsonException {
        if (path.depth() >= JsonReader.MAX_DEPTH) {
            throw error(valueLine, valueColumn, path.value(), "Document nesting depth (" + (path.depth() + 1)
                    + ") exceeds the maximum allowed (" + JsonReader.MAX_DEPTH + ")");
        }
        pos = valueStart + 1;
        kind = null;
        path.push();
    }

    boolean nextField() throws JsonException {
        if (!nextMember('}', "Object")) {
            return false;
        }
        if (in[pos] != '"') {
            throw unexpected(pos, "was expecting double-quote to start field name");
        }
        String name = decodeString(pos, path.container());
        skipWhitespace();
        if (pos >= in.length) {
            throw eof(" within/between Object entries");
        }
        if (in[pos] != ':') {
            throw unexpected(pos, "was expecting a colon to separate field name and value");
        }
        pos++;
        path.field(name);
        kind = null;
        return true;
    }

    boolean nextElement() throws JsonException {
        if (!nextMember(']', "Array")) {
            return false;
        }
        path.nextIndex();
        kind = null;
        return true;
    }

    /**
     * Moves to the next member of the innermost object or array (past its comma), or closes it
     * at {@code close}: false then.
     *
     * @param container "Object" or "Array", for the messages
     */
    private boolean nextMember(char close, String container) throws JsonException {
        skipWhitespace();
        if (pos >= in.length) {
            throw eof(": expected close marker for " + container);
        }
        byte c = in[pos];
        if (c == close) {
            return close();
        }
        if (path.hasMember()) {
            if (c != ',') {
                throw unexpected(pos, "was expecting comma to separate " + container + " entries");
            }
            pos++;
            skipWhitespace();
            if (pos >= in.length) {
                throw eof(" within/between " + container + " entries");
            }
        } else if (c == '}' || c == ']') {
            throw error(line, pos - lineStart + 1, path.container(), "Unexpected close marker '" + (char) c + "': expected '" + close + "'");
        }
        return true;
    }

    private boolean close() {
        closeLine = line;
        closeColumn = pos - lineStart + 1;
        pos++;
        path.pop();
        kind = null;
        return false;
    }

    /** Skips the value at hand and all inside it. */
    void skipValue() throws JsonException {
        int quiet = path.beginQuiet();
        try {
            switch (peek()) {
                case OBJECT -> {
                    open(false);
                    while (nextField()) {
                        skipValue();
                    }
                }
                case ARRAY -> {
                    open(true);
                    while (nextElement()) {
                        skipValue();
                    }
                }
                default -> consume();
            }
        } finally {
            path.endQuiet(quiet);
        }
    }

    // ---- strings --------------------------------------------------------------------------

    /** Decodes the string whose quote is at {@code start}; leaves {@link #pos} past its closing quote. */
    private String decodeString(int start, String errorPath) throws JsonException {
        int i = start + 1;
        // Plain ASCII without escapes, the usual case, needs no decoding.
        while (i < in.length) {
            byte b = in[i];
            if (b == '"') {
                pos = i + 1;
                return new String(in, start + 1, i - start - 1, StandardCharsets.ISO_8859_1);
            }
            if (b == '\\' || b < 0x20) {
                break;
            }
            i++;
        }
        StringBuilder out = new StringBuilder(i - start + 16);
        out.append(new String(in, start + 1, i - start - 1, StandardCharsets.ISO_8859_1));
        while (true) {
            if (i >= in.length) {
                throw eofAt(i, " in VALUE_STRING", errorPath);
            }
            int b = in[i] & 0xff;
            if (b == '"') {
                pos = i + 1;
                return out.toString();
            }
            if (b == '\\') {
                i = escape(i + 1, out, errorPath);
            } else if (b < 0x20) {
                throw error(line, i - lineStart + 1, errorPath, "Illegal unquoted character (" + describe((byte) b)
                        + "): has to be escaped using backslash to be included in string value");
            } else if (b < 0x80) {
                out.append((char) b);
                i++;
            } else {
                i = Utf8.decode(in, i, out, (at, problem) -> error(line, at - lineStart + 2, errorPath, problem));
            }
        }
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index past it. */
    private int escape(int i, StringBuilder out, String errorPath) throws JsonException {
        if (i >= in.length) {
            throw eofAt(i, " in character escape sequence", errorPath);
        }
        byte c = in[i];
        switch (c) {
            case '"', '\\', '/' -> out.append((char) c);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                int code = 0;
                for (int k = 1; k <= 4; k++) {
                    if (i + k >= in.length) {
                        throw eofAt(i + k, " in character escape sequence", errorPath);
                    }
                    int digit = Character.digit(in[i + k], 16);
                    if (digit < 0 || in[i + k] < 0) {
                        throw error(line, i + k - lineStart + 1, errorPath, "Unexpected character (" + describe(in[i + k])
                                + "): expected a hex-digit for character escape sequence");
                    }
                    code = code << 4 | digit;
                }
                // A lone surrogate is kept, as Jackson kept it; the writer escapes it again.
                out.append((char) code);
                return i + 5;
            }
            default -> throw error(line, i - lineStart + 1, errorPath, "Unrecognized character escape " + describe(c));
        }
        return i + 1;
    }

    // ---- whitespace and errors ------------------------------------------------------------

    private void skipWhitespace() throws JsonException {
        while (pos < in.length) {
            byte c = in[pos];
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\n') {
                newLine(pos + 1);
            } else if (c == '\r') {
                newLine(pos + 1 < in.length && in[pos + 1] == '\n' ? pos + 2 : pos + 1);
            } else if (c >= 0 && c < 0x20) {
                throw error(line, pos - lineStart + 2, path.container(), "Illegal character (" + describe(c)
                        + "): only regular white space (\\r, \\n, \\t) is allowed between tokens");
            } else {
                return;
            }
        }
    }

    private void newLine(int next) {
        pos = next;
        line++;
        lineStart = next;
    }

    /** '{' (code 123), or (CTRL-CHAR, code 10), as Jackson described a character. */
    private static String describe(byte b) {
        int c = b & 0xff;
        if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
            return "(CTRL-CHAR, code " + c + ")";
        }
        return "'" + (char) c + "' (code " + c + ")";
    }

    private JsonException unexpected(int at, String why) {
        return error(line, at - lineStart + 1, path.container(), "Unexpected character (" + describe(in[at]) + "): " + why);
    }

    /** End of input at the current position; {@code rest} follows "Unexpected end-of-input". */
    private JsonException eof(String rest) {
        return eofAt(pos, rest, path.container());
    }

    private JsonException eofAt(int at, String rest, String errorPath) {
        return error(line, at - lineStart + 1, errorPath, "Unexpected end-of-input" + rest);
    }

    /** An error about the value at hand, placed at its first byte. */
    JsonException errorAtValue(String message) {
        return error(valueLine, valueColumn, path.value(), message);
    }

    /** An error about the value just read, placed right after it (Jackson's range errors). */
    JsonException errorAfterValue(String message) {
        return error(valueLine, valueColumn + (valueEnd - valueStart), path.value(), message);
    }

    /** An error about the object or array just closed, placed at its closing brace. */
    JsonException errorAtClose(String message) {
        return error(closeLine, closeColumn, path.value(), message);
    }

    private static JsonException error(int line, int column, String where, String message) {
        return new JsonException("line " + line + ", column " + column + ": " + (where.isEmpty() ? "" : where + ": ") + message);
    }
}
