package crate.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import crate.api.CrateException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jackson's reading and writing of any record, for the commands where it is not on the
 * container's start path (features, list, inspect, images, plugins, events). It is what
 * {@link SpecJson} used for everything before crate's own reader and writer
 * ({@link crate.runtime.json}); the tests compare the two. Jackson starts slowly (~120 ms
 * cold for config.json), hence a class of its own: nothing loads it until it is used.
 */
public final class JacksonJson {
    // No FAIL_ON_NULL_FOR_PRIMITIVES: for records Jackson 2 treats an absent field as null, so
    // it would reject every config.json that leaves out an optional boolean (terminal,
    // noNewPrivileges, root.readonly), as Go's omitempty does. Absent or null is false or 0, as in runc.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            // A missing boolean or number is its zero value (root.readonly, process.terminal):
            // the spec makes them optional and Go tools leave them out when false.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPrettyPrinter(goStyle());

    static {
        // Empty lists and maps are left out, as Go's omitempty does: crate spec's config.json
        // reads like runc's. The records turn an absent list back into an empty one.
        JsonInclude.Value nonEmpty = JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, null);
        MAPPER.configOverride(List.class).setIncludeAsProperty(nonEmpty);
        MAPPER.configOverride(Map.class).setIncludeAsProperty(nonEmpty);
    }

    private JacksonJson() {}

    /** Indented as Go's json.MarshalIndent(v, "", "\t") (runc spec): tabs, one element per line, "key": value. */
    private static DefaultPrettyPrinter goStyle() {
        DefaultIndenter tabs = new DefaultIndenter("\t", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(tabs).withArrayIndenter(tabs);
    }

    /** Any value on one line (events, JSON lines). */
    public static byte[] writeLine(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Any record as JSON, indented as config.json. */
    public static byte[] writeValue(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code json} as {@code type}; errors name {@code source} and the position. */
    public static <T> T parse(byte[] json, String source, Class<T> type) throws CrateException {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new CrateException(source + ": empty document (expected a JSON object)");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new CrateException(source + ": " + describe(e));
        } catch (IOException e) {
            throw new CrateException(source + ": " + e.getMessage());
        }
    }

    /** "line 3, column 7: process.args: Cannot deserialize ..." */
    static String describe(JsonProcessingException e) {
        StringBuilder out = new StringBuilder();
        JsonLocation where = e.getLocation();
        if (where != null && where.getLineNr() > 0) {
            out.append("line ").append(where.getLineNr()).append(", column ").append(where.getColumnNr()).append(": ");
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            out.append(mapping.getPath().stream()
                            .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                            .collect(Collectors.joining(".")).replace(".[", "["))
                    .append(": ");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return out.append("expected ").append(jsonKind(mismatch.getTargetType())).toString();
        }
        String message = e.getOriginalMessage();
        int detail = message.indexOf("\n");
        out.append(detail > 0 ? message.substring(0, detail) : message);
        return out.toString();
    }

    /** What a Java type looks like in JSON, for messages read by people who write JSON. */
    static String jsonKind(Class<?> type) {
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        return "a " + type.getSimpleName();
    }
}
