package crate.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lines of keys that Jackson's tree does not keep. */
class KeyLinesTest {

    private static int line(String text, String... path) {
        return KeyLines.scan(text).line(List.of(path));
    }

    @Test
    void keysUnderTableHeaders() {
        String text = """
                # a comment
                top = 1

                [runtime]
                root = "/x"   # trailing comment
                  log_level="debug"
                [ images ]
                parallel_downloads = 3
                """;
        assertEquals(2, line(text, "top"));
        assertEquals(4, line(text, "runtime"));
        assertEquals(5, line(text, "runtime", "root"));
        assertEquals(6, line(text, "runtime", "log_level"));
        assertEquals(7, line(text, "images"));
        assertEquals(8, line(text, "images", "parallel_downloads"));
        assertEquals(0, line(text, "network"));
    }

    @Test
    void aKeyNotFoundFallsBackToItsLongestPrefix() {
        String text = "[images]\nmirrors = { \"docker.io\" = [\"https://m\"] }\n";
        assertEquals(2, line(text, "images", "mirrors", "docker.io"));
        assertEquals(1, line(text, "images", "nothing"));
    }

    @Test
    void dottedAndQuotedKeys() {
        String text = """
                runtime.root = "/x"
                images . "mirrors" . 'docker.io' = []
                "a.b" = 1
                [images."quay.io"]
                "x\\u0041" = 2
                """;
        assertEquals(1, line(text, "runtime", "root"));
        assertEquals(1, line(text, "runtime"));
        assertEquals(2, line(text, "images", "mirrors", "docker.io"));
        assertEquals(2, line(text, "images", "mirrors"));
        assertEquals(3, line(text, "a.b"));
        assertEquals(4, line(text, "images", "quay.io"));
        assertEquals(5, line(text, "images", "quay.io", "xA"));
    }

    @Test
    void valuesThatSpanLinesAreSkipped() {
        String text = """
                [images]
                registries = [
                  "docker.io",   # a comment with key = "value"
                  "quay.io" ,
                ]
                doc = \"""
                root = "not a key"
                \\\"""still inside\\\"""
                \"""
                lit = '''
                x = 1 '''
                nested = [[1, 2], [
                  3]]
                credentials = "/a ] [ # =" # ]
                parallel_downloads = 3
                """;
        KeyLines lines = KeyLines.scan(text);
        assertEquals(2, lines.line(List.of("images", "registries")));
        assertEquals(6, lines.line(List.of("images", "doc")));
        assertEquals(10, lines.line(List.of("images", "lit")));
        assertEquals(12, lines.line(List.of("images", "nested")));
        assertEquals(14, lines.line(List.of("images", "credentials")));
        assertEquals(15, lines.line(List.of("images", "parallel_downloads")));
        assertEquals(1, lines.line(List.of("images", "root")), "a string's text is no key");
        assertEquals(1, lines.line(List.of("images", "x")));
        assertEquals(0, lines.duplicateLine());
    }

    @Test
    void crlfLineEnds() {
        assertEquals(3, line("[runtime]\r\n\r\nroot = \"/x\"\r\n", "runtime", "root"));
    }

    @Test
    void whatIsDefinedOnALine() {
        KeyLines lines = KeyLines.scan("[runtime]\nroot = /x\n\n");
        assertEquals(Optional.of(List.of("runtime")), lines.keyAt(1));
        assertEquals(Optional.of(List.of("runtime", "root")), lines.keyAt(2));
        assertEquals(Optional.empty(), lines.keyAt(3));
    }

    @Test
    void aKeyDefinedTwiceIsFoundOnItsSecondLine() {
        assertEquals(3, KeyLines.scan("[runtime]\nroot = \"/a\"\nroot = \"/b\"\n").duplicateLine());
        assertEquals(0, KeyLines.scan("a.b = 1\n[x]\na.b = 2\n").duplicateLine(), "a.b and x.a.b differ");
        // Arrays of tables repeat their keys.
        assertEquals(0, KeyLines.scan("[[t]]\nk = 1\n[[t]]\nk = 2\n").duplicateLine());
        assertEquals(0, KeyLines.scan("a.b = 1\na.c = 2\n").duplicateLine());
    }

    @Test
    void garbageIsNotAKeyAndDoesNotStopTheScan() {
        String text = "= 1\n\"open = 2\n[unclosed\nok = 3\n[t\nk = 4\n";
        KeyLines lines = KeyLines.scan(text);
        assertEquals(Optional.empty(), lines.keyAt(1));
        assertEquals(Optional.empty(), lines.keyAt(2));
        assertEquals(4, lines.line(List.of("unclosed", "ok")));
        assertEquals(6, lines.line(List.of("t", "k")));
    }
}
