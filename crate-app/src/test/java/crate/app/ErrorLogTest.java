package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.runtime.JacksonJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorLogTest {
    /** The log's msg is quoted as Jackson quoted it (containerd's shim reads it back). */
    @Test
    void quotesAsJacksonDid() {
        for (String text : new String[] {"", "plain", "a \"quoted\" \\ path/x", "tab\tnew\nline\r\u0000\u001f\u007f",
                "\u00e9\u20ac\ud83d\ude00", "lone \ud800"}) {
            assertEquals(new String(JacksonJson.writeValue(text), StandardCharsets.UTF_8), ErrorLog.quote(text));
        }
    }
}
