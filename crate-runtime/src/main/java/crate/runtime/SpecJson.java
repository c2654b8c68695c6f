package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Features;
import crate.api.spec.LinuxResources;
import crate.api.spec.Process;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import crate.runtime.json.ConfigJson;
import crate.runtime.json.JsonException;
import crate.runtime.json.JsonReader;
import crate.runtime.json.JsonWriter;
import crate.runtime.json.ProcessJson;
import crate.runtime.json.ResourcesJson;
import crate.runtime.json.StateJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes config.json, the context handed to init and the OCI state, with errors
 * that say where ({@code config.json: line 3, column 7: process.args: expected an array}).
 *
 * <p>These are on every container's start path, so they go through crate's own reader and
 * writer ({@link crate.runtime.json}: no reflection, nothing to warm up) and not Jackson,
 * which cost ~120 ms in the CLI and ~175 ms in init, cold. What is not on that path (the
 * features document, any other value) still goes through {@link JacksonJson}.
 */
public final class SpecJson {
    private SpecJson() {}

    /** Reads {@code file} as a runtime-spec config.json. */
    public static Spec read(Path file) throws CrateException {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CrateException(file + ": no such file (an OCI bundle holds config.json)");
        } catch (IOException e) {
            throw new CrateException(file + ": cannot read: " + e.getMessage());
        }
        return parseSpec(json, file.toString());
    }

    public static Spec parseSpec(byte[] json, String source) throws CrateException {
        return parse(json, source, ConfigJson::read);
    }

    /** A runtime-spec {@code process} object ({@code crate exec --process}). */
    public static Process parseProcess(byte[] json, String source) throws CrateException {
        return parse(json, source, ProcessJson::read);
    }

    /** A runtime-spec {@code linux.resources} object ({@code crate update -r}). */
    public static LinuxResources parseResources(byte[] json, String source) throws CrateException {
        return parse(json, source, ResourcesJson::read);
    }

    public static State readState(byte[] json, String source) throws CrateException {
        return parse(json, source, StateJson::readState);
    }

    static ContainerContext readContext(byte[] json) throws CrateException {
        return parse(json, "init context", StateJson::readContext);
    }

    /** config.json as {@code runc spec} writes it: indented with tabs, empty lists left out. */
    public static byte[] write(Spec spec) {
        JsonWriter out = JsonWriter.indented();
        ConfigJson.write(out, spec);
        return out.toBytes();
    }

    /** A container's state on one line, as runc hands it to hooks. */
    public static byte[] writeState(State state) {
        JsonWriter out = JsonWriter.compact();
        StateJson.writeState(out, state);
        return out.toBytes();
    }

    /** The context for init, on one line (nobody reads it but init). */
    static byte[] write(ContainerContext context) {
        JsonWriter out = JsonWriter.compact();
        StateJson.writeContext(out, context);
        return out.toBytes();
    }

    /** The runtime-spec features document, indented as config.json. */
    public static byte[] write(Features features) {
        return JacksonJson.writeValue(features);
    }

    /** Any value on one line (events, JSON lines). */
    public static byte[] writeLine(Object value) {
        return JacksonJson.writeLine(value);
    }

    /** Any other value, indented as config.json. */
    public static byte[] writeValue(Object value) {
        return JacksonJson.writeValue(value);
    }

    /** Parses {@code json} with {@code reader}; errors name {@code source} and the position. */
    static <T> T parse(byte[] json, String source, JsonReader.ValueReader<T> reader) throws CrateException {
        try {
            T value = JsonReader.read(json, reader);
            if (value == null) {
                throw new CrateException(source + ": empty document (expected a JSON object)");
            }
            return value;
        } catch (JsonException e) {
            throw new CrateException(source + ": " + e.getMessage());
        }
    }
}
