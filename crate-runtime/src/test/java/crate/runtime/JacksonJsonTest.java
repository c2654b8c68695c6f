package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Jackson side, kept for the cold commands and as the reference of JsonParityTest. */
class JacksonJsonTest {
    @Test
    void jsonKind() {
        assertEquals("an array", JacksonJson.jsonKind(List.class));
        assertEquals("an array", JacksonJson.jsonKind(java.util.ArrayList.class));
        assertEquals("an array", JacksonJson.jsonKind(String[].class));
        assertEquals("an object", JacksonJson.jsonKind(Map.class));
        assertEquals("an object", JacksonJson.jsonKind(Spec.class));
        assertEquals("a string", JacksonJson.jsonKind(String.class));
        assertEquals("true or false", JacksonJson.jsonKind(boolean.class));
        assertEquals("true or false", JacksonJson.jsonKind(Boolean.class));
        assertEquals("a number", JacksonJson.jsonKind(int.class));
        assertEquals("a number", JacksonJson.jsonKind(Integer.class));
        assertEquals("a number", JacksonJson.jsonKind(long.class));
        assertEquals("a Path", JacksonJson.jsonKind(Path.class));
    }
}
