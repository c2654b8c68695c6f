package crate.runtime.json;

import crate.api.spec.Hook;
import crate.api.spec.Hooks;
import crate.api.spec.Linux;
import crate.api.spec.Mount;
import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import java.util.List;
import java.util.Map;

/** A runtime-spec config.json ({@link Spec}): its top level, root, mounts and hooks, field by field. */
public final class ConfigJson {
    private ConfigJson() {}

    public static Spec read(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String ociVersion = null;
        Process process = null;
        Root root = null;
        String hostname = null;
        String domainname = null;
        List<Mount> mounts = null;
        Linux linux = null;
        Map<String, String> annotations = null;
        Hooks hooks = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "ociVersion" -> ociVersion = in.string();
                case "process" -> process = ProcessJson.read(in);
                case "root" -> root = readRoot(in);
                case "hostname" -> hostname = in.string();
                case "domainname" -> domainname = in.string();
                case "mounts" -> mounts = in.list(ConfigJson::readMount);
                case "linux" -> linux = LinuxJson.read(in);
                case "annotations" -> annotations = in.stringMap();
                case "hooks" -> hooks = readHooks(in);
                default -> in.skipValue();
            }
        }
        try {
            return new Spec(ociVersion, process, root, hostname, domainname, mounts, linux, annotations, hooks);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(Spec.class);
        }
    }

    public static void write(JsonWriter out, Spec spec) {
        out.beginObject()
                .stringField("ociVersion", spec.ociVersion())
                .objectField("process", spec.process(), ProcessJson::write)
                .objectField("root", spec.root(), (o, root) -> o.beginObject()
                        .stringField("path", root.path()).field("readonly", root.readonly()).endObject())
                .stringField("hostname", spec.hostname())
                .stringField("domainname", spec.domainname())
                .listField("mounts", spec.mounts(), ConfigJson::writeMount)
                .objectField("linux", spec.linux(), LinuxJson::write)
                .mapField("annotations", spec.annotations())
                .objectField("hooks", spec.hooks(), ConfigJson::writeHooks)
                .endObject();
    }

    private static Root readRoot(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String path = null;
        boolean readonly = false;
        while (in.nextField()) {
            switch (in.field()) {
                case "path" -> path = in.string();
                case "readonly" -> readonly = in.bool();
                default -> in.skipValue();
            }
        }
        return new Root(path, readonly);
    }

    private static Mount readMount(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String destination = null;
        String type = null;
        String source = null;
        List<String> options = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "destination" -> destination = in.string();
                case "type" -> type = in.string();
                case "source" -> source = in.string();
                case "options" -> options = in.stringList();
                default -> in.skipValue();
            }
        }
        try {
            return new Mount(destination, type, source, options);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(Mount.class);
        }
    }

    private static void writeMount(JsonWriter out, Mount mount) {
        out.beginObject()
                .stringField("destination", mount.destination())
                .stringField("type", mount.type())
                .stringField("source", mount.source())
                .stringListField("options", mount.options())
                .endObject();
    }

    private static Hooks readHooks(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        List<Hook> prestart = null;
        List<Hook> createRuntime = null;
        List<Hook> createContainer = null;
        List<Hook> startContainer = null;
        List<Hook> poststart = null;
        List<Hook> poststop = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "prestart" -> prestart = in.list(ConfigJson::readHook);
                case "createRuntime" -> createRuntime = in.list(ConfigJson::readHook);
                case "createContainer" -> createContainer = in.list(ConfigJson::readHook);
                case "startContainer" -> startContainer = in.list(ConfigJson::readHook);
                case "poststart" -> poststart = in.list(ConfigJson::readHook);
                case "poststop" -> poststop = in.list(ConfigJson::readHook);
                default -> in.skipValue();
            }
        }
        try {
            return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(Hooks.class);
        }
    }

    private static void writeHooks(JsonWriter out, Hooks hooks) {
        out.beginObject()
                .listField("prestart", hooks.prestart(), ConfigJson::writeHook)
                .listField("createRuntime", hooks.createRuntime(), ConfigJson::writeHook)
                .listField("createContainer", hooks.createContainer(), ConfigJson::writeHook)
                .listField("startContainer", hooks.startContainer(), ConfigJson::writeHook)
                .listField("poststart", hooks.poststart(), ConfigJson::writeHook)
                .listField("poststop", hooks.poststop(), ConfigJson::writeHook)
                .endObject();
    }

    private static Hook readHook(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String path = null;
        List<String> args = null;
        List<String> env = null;
        Integer timeout = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "path" -> path = in.string();
                case "args" -> args = in.stringList();
                case "env" -> env = in.stringList();
                case "timeout" -> timeout = in.integer();
                default -> in.skipValue();
            }
        }
        try {
            return new Hook(path, args, env, timeout);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(Hook.class);
        }
    }

    private static void writeHook(JsonWriter out, Hook hook) {
        out.beginObject()
                // Hook is NON_EMPTY: an empty path is left out too.
                .stringField("path", hook.path() == null || hook.path().isEmpty() ? null : hook.path())
                .stringListField("args", hook.args())
                .stringListField("env", hook.env())
                .numberField("timeout", hook.timeout())
                .endObject();
    }
}
