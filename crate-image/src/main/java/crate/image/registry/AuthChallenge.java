package crate.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters,
 * e.g. {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"}
 * or {@code Basic realm="Registry"}. Quoted values may hold commas and escaped quotes.
 *
 * @param scheme lower-case: {@code bearer}, {@code basic}
 * @param params lower-case names to values
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    /** Every challenge of a header value (a header may hold several, comma-separated); unparseable rest is ignored. */
    static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> out = new ArrayList<>();
        Cursor c = new Cursor(header);
        c.skipSeparators();
        while (!c.atEnd()) {
            String scheme = c.token();
            if (scheme.isEmpty()) {
                break;
            }
            Map<String, String> params = new LinkedHashMap<>();
            c.skipSpaces();
            while (!c.atEnd()) {
                int mark = c.pos;
                String name = c.token();
                c.skipSpaces();
                if (name.isEmpty() || !c.consume('=')) {
                    c.pos = mark; // the next challenge's scheme (or token68, which registries do not use)
                    break;
                }
                c.skipSpaces();
                String value = c.peek() == '"' ? c.quoted() : c.token();
                params.put(name.toLowerCase(Locale.ROOT), value);
                c.skipSpaces();
                if (!c.consume(',')) {
                    break;
                }
                c.skipSeparators();
            }
            out.add(new AuthChallenge(scheme, params));
            c.skipSeparators();
        }
        return List.copyOf(out);
    }

    /** A reader over the header's characters. */
    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        boolean consume(char ch) {
            if (peek() == ch) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        /** An RFC 7230 token (also admitting '/' so that unquoted URLs survive). */
        String token() {
            int start = pos;
            while (!atEnd()) {
                char ch = s.charAt(pos);
                if (ch == ',' || ch == '=' || ch == ' ' || ch == '\t' || ch == '"') {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder b = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char ch = s.charAt(pos++);
                if (ch == '\\' && !atEnd()) {
                    b.append(s.charAt(pos++));
                } else if (ch == '"') {
                    break;
                } else {
                    b.append(ch);
                }
            }
            return b.toString();
        }
    }
}
