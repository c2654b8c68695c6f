package crate.app.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writing TOML: strings, keys and the few value types of crate's configuration. */
final class Toml {
    private Toml() {}

    /** A TOML basic string: "..." with the escapes TOML needs. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\b' -> quoted.append("\\b");
                case '\t' -> quoted.append("\\t");
                case '\n' -> quoted.append("\\n");
                case '\f' -> quoted.append("\\f");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** A key as it is written in TOML: its parts bare where they can be, joined by dots. */
    static String key(List<String> path) {
        return path.stream().map(part -> part.matches("[A-Za-z0-9_-]+") ? part : quote(part))
                .collect(Collectors.joining("."));
    }

    /**
     * A value of the configuration: a string, an integer, a list of strings or a table of
     * lists of strings (images.mirrors, written inline).
     */
    static String value(Object value) {
        return switch (value) {
            case String text -> quote(text);
            case Integer number -> number.toString();
            case List<?> list -> list.stream().map(Toml::value).collect(Collectors.joining(", ", "[", "]"));
            case Map<?, ?> table -> table.isEmpty() ? "{}" : table.entrySet().stream()
                    .map(entry -> quote((String) entry.getKey()) + " = " + value(entry.getValue()))
                    .collect(Collectors.joining(", ", "{ ", " }"));
            default -> throw new IllegalArgumentException("no TOML form for " + value.getClass());
        };
    }
}
