package crate.app.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each key of a TOML text is defined: the line of its {@code key = value}, or of its
 * {@code [table]} header. Jackson's TOML parser builds a tree without locations, so this
 * scans the text itself. It knows table and array-of-tables headers, bare, quoted and dotted
 * keys, comments, and values that span lines (arrays, multi-line strings), which it skips
 * over. Keys inside inline tables are not recorded: a lookup falls back to the longest
 * recorded prefix, the inline table's own line. It never fails: on text that is not TOML it
 * records what it can, and the parser reports the error.
 */
final class KeyLines {
    private final String text;
    private int pos;
    private int line = 1;
    private final Map<List<String>, Integer> lines = new HashMap<>();
    private final Map<Integer, List<String>> keysByLine = new HashMap<>();
    private final Set<List<String>> arrayTables = new HashSet<>();
    private int duplicateLine;

    private KeyLines(String text) {
        this.text = text;
    }

    static KeyLines scan(String text) {
        KeyLines scan = new KeyLines(text);
        scan.scanAll();
        return scan;
    }

    /** The line that defines {@code path}, else its longest prefix that has one; 0 if none has. */
    int line(List<String> path) {
        for (int length = path.size(); length > 0; length--) {
            Integer found = lines.get(path.subList(0, length));
            if (found != null) {
                return found;
            }
        }
        return 0;
    }

    /** The key (or table) defined on {@code lineNumber}, if one is. */
    Optional<List<String>> keyAt(int lineNumber) {
        return Optional.ofNullable(keysByLine.get(lineNumber));
    }

    /** The line where a key was defined a second time (TOML forbids it), or 0. */
    int duplicateLine() {
        return duplicateLine;
    }

    private void scanAll() {
        List<String> table = List.of();
        while (pos < text.length()) {
            skipBlanks();
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '\n') {
                newline();
            } else if (c == '#') {
                skipToEndOfLine();
            } else if (c == '[') {
                boolean arrayTable = pos + 1 < text.length() && text.charAt(pos + 1) == '[';
                pos += arrayTable ? 2 : 1;
                int headerLine = line;
                List<String> path = key();
                if (path != null) {
                    table = path;
                    if (arrayTable) {
                        arrayTables.add(path);
                    }
                    record(path, headerLine, false);
                }
                skipToEndOfLine();
            } else {
                int keyLine = line;
                List<String> key = key();
                skipBlanks();
                if (key == null || pos >= text.length() || text.charAt(pos) != '=') {
                    skipToEndOfLine();
                    continue;
                }
                pos++;
                List<String> path = new ArrayList<>(table);
                path.addAll(key);
                record(List.copyOf(path), keyLine, true);
                skipValue();
                skipToEndOfLine();
            }
        }
    }

    /** Records the line of {@code path} and of its prefixes not seen yet; a key seen twice is a duplicate. */
    private void record(List<String> path, int at, boolean isKey) {
        if (isKey && lines.containsKey(path) && duplicateLine == 0 && !underArrayTable(path)) {
            duplicateLine = at;
        }
        for (int length = 1; length <= path.size(); length++) {
            lines.putIfAbsent(path.subList(0, length), at);
        }
        keysByLine.putIfAbsent(at, path);
    }

    private boolean underArrayTable(List<String> path) {
        for (int length = 1; length <= path.size(); length++) {
            if (arrayTables.contains(path.subList(0, length))) {
                return true;
            }
        }
        return false;
    }

    /** A key, bare, quoted or dotted; null if there is none here. */
    private List<String> key() {
        List<String> parts = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (pos >= text.length()) {
                return null;
            }
            char c = text.charAt(pos);
            String part;
            if (c == '"') {
                part = basicString();
            } else if (c == '\'') {
                part = literalString();
            } else {
                int start = pos;
                while (pos < text.length() && isBare(text.charAt(pos))) {
                    pos++;
                }
                part = pos > start ? text.substring(start, pos) : null;
            }
            if (part == null) {
                return null;
            }
            parts.add(part);
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
            } else {
                return parts;
            }
        }
    }

    private static boolean isBare(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** A "..." string on one line, escapes decoded; null if it does not end on its line. */
    private String basicString() {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '\n') {
            char c = text.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && pos < text.length()) {
                value.append(escape());
            } else {
                value.append(c);
            }
        }
        return null;
    }

    private String escape() {
        char c = text.charAt(pos++);
        int digits = c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (digits > 0 && pos + digits <= text.length()) {
            try {
                int codePoint = Integer.parseInt(text, pos, pos + digits, 16);
                pos += digits;
                return Character.toString(codePoint);
            } catch (IllegalArgumentException e) {
                return "\\" + c;
            }
        }
        return switch (c) {
            case 'b' -> "\b";
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'f' -> "\f";
            case 'r' -> "\r";
            case '"' -> "\"";
            case '\\' -> "\\";
            default -> "\\" + c;
        };
    }

    /** A '...' string on one line; null if it does not end on its line. */
    private String literalString() {
        int start = ++pos;
        while (pos < text.length() && text.charAt(pos) != '\n') {
            if (text.charAt(pos++) == '\'') {
                return text.substring(start, pos - 1);
            }
        }
        return null;
    }

    /** Skips a value, however many lines its strings, arrays or inline tables take. */
    private void skipValue() {
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (text.startsWith("\"\"\"", pos) || text.startsWith("'''", pos)) {
                skipMultilineString(text.substring(pos, pos + 3));
            } else if (c == '"') {
                basicString();
            } else if (c == '\'') {
                literalString();
            } else if (c == '[' || c == '{') {
                depth++;
                pos++;
            } else if (c == ']' || c == '}') {
                depth--;
                pos++;
            } else if (c == '#') {
                skipToEndOfLine();
                continue;
            } else if (c == '\n') {
                if (depth <= 0) {
                    return;
                }
                newline();
                continue;
            } else {
                pos++;
            }
            if (depth <= 0 && !inValueRest()) {
                return;
            }
        }
    }

    /** After a closed string or bracket at the top: the value goes on only while there is no line end yet. */
    private boolean inValueRest() {
        return pos < text.length() && text.charAt(pos) != '\n';
    }

    private void skipMultilineString(String quotes) {
        pos += 3;
        boolean basic = quotes.charAt(0) == '"';
        while (pos < text.length()) {
            if (text.startsWith(quotes, pos)) {
                pos += 3;
                // Up to two more quotes belong to the string: """a""""" is a"".
                while (pos < text.length() && text.charAt(pos) == quotes.charAt(0)) {
                    pos++;
                }
                return;
            }
            char c = text.charAt(pos++);
            if (c == '\n') {
                line++;
            } else if (basic && c == '\\' && pos < text.length()) {
                if (text.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            }
        }
    }

    private void skipBlanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\r')) {
            pos++;
        }
    }

    /** To the end of the line (its newline is left for the caller), counting no lines. */
    private void skipToEndOfLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void newline() {
        pos++;
        line++;
    }
}
