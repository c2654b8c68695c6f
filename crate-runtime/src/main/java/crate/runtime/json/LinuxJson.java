package crate.runtime.json;

import crate.api.spec.Linux;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.LinuxResources;
import crate.api.spec.LinuxSeccomp;
import java.util.List;
import java.util.Map;

/** config.json's {@code linux}, with its namespaces and seccomp, field by field ({@code resources}: {@link ResourcesJson}). */
final class LinuxJson {
    private LinuxJson() {}

    static Linux read(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        List<LinuxNamespace> namespaces = null;
        String rootfsPropagation = null;
        List<String> maskedPaths = null;
        List<String> readonlyPaths = null;
        Map<String, String> sysctl = null;
        String cgroupsPath = null;
        LinuxResources resources = null;
        LinuxSeccomp seccomp = null;
        String mountLabel = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "namespaces" -> namespaces = in.list(LinuxJson::readNamespace);
                case "rootfsPropagation" -> rootfsPropagation = in.string();
                case "maskedPaths" -> maskedPaths = in.stringList();
                case "readonlyPaths" -> readonlyPaths = in.stringList();
                case "sysctl" -> sysctl = in.stringMap();
                case "cgroupsPath" -> cgroupsPath = in.string();
                case "resources" -> resources = ResourcesJson.read(in);
                case "seccomp" -> seccomp = readSeccomp(in);
                case "mountLabel" -> mountLabel = in.string();
                default -> in.skipValue();
            }
        }
        try {
            return new Linux(namespaces, rootfsPropagation, maskedPaths, readonlyPaths, sysctl, cgroupsPath, resources, seccomp,
                    mountLabel);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(Linux.class);
        }
    }

    static void write(JsonWriter out, Linux linux) {
        out.beginObject()
                .listField("namespaces", linux.namespaces(), LinuxJson::writeNamespace)
                .stringField("rootfsPropagation", linux.rootfsPropagation())
                .stringListField("maskedPaths", linux.maskedPaths())
                .stringListField("readonlyPaths", linux.readonlyPaths())
                .mapField("sysctl", linux.sysctl())
                .stringField("cgroupsPath", linux.cgroupsPath())
                .objectField("resources", linux.resources(), ResourcesJson::write)
                .objectField("seccomp", linux.seccomp(), LinuxJson::writeSeccomp)
                .stringField("mountLabel", linux.mountLabel())
                .endObject();
    }

    private static LinuxNamespace readNamespace(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String type = null;
        String path = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "type" -> type = in.string();
                case "path" -> path = in.string();
                default -> in.skipValue();
            }
        }
        return new LinuxNamespace(type, path);
    }

    private static void writeNamespace(JsonWriter out, LinuxNamespace namespace) {
        out.beginObject().stringField("type", namespace.type()).stringField("path", namespace.path()).endObject();
    }

    private static LinuxSeccomp readSeccomp(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String defaultAction = null;
        Integer defaultErrnoRet = null;
        List<String> architectures = null;
        List<String> flags = null;
        String listenerPath = null;
        String listenerMetadata = null;
        List<LinuxSeccomp.Syscall> syscalls = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "defaultAction" -> defaultAction = in.string();
                case "defaultErrnoRet" -> defaultErrnoRet = in.integer();
                case "architectures" -> architectures = in.stringList();
                case "flags" -> flags = in.stringList();
                case "listenerPath" -> listenerPath = in.string();
                case "listenerMetadata" -> listenerMetadata = in.string();
                case "syscalls" -> syscalls = in.list(LinuxJson::readSyscall);
                default -> in.skipValue();
            }
        }
        try {
            return new LinuxSeccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata, syscalls);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(LinuxSeccomp.class);
        }
    }

    private static void writeSeccomp(JsonWriter out, LinuxSeccomp seccomp) {
        out.beginObject()
                .stringField("defaultAction", seccomp.defaultAction())
                .numberField("defaultErrnoRet", seccomp.defaultErrnoRet())
                .stringListField("architectures", seccomp.architectures())
                .stringListField("flags", seccomp.flags())
                .stringField("listenerPath", seccomp.listenerPath())
                .stringField("listenerMetadata", seccomp.listenerMetadata())
                .listField("syscalls", seccomp.syscalls(), LinuxJson::writeSyscall)
                .endObject();
    }

    private static LinuxSeccomp.Syscall readSyscall(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        List<String> names = null;
        String action = null;
        Integer errnoRet = null;
        List<LinuxSeccomp.Arg> args = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "names" -> names = in.stringList();
                case "action" -> action = in.string();
                case "errnoRet" -> errnoRet = in.integer();
                case "args" -> args = in.list(LinuxJson::readArg);
                default -> in.skipValue();
            }
        }
        try {
            return new LinuxSeccomp.Syscall(names, action, errnoRet, args);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(LinuxSeccomp.Syscall.class);
        }
    }

    private static void writeSyscall(JsonWriter out, LinuxSeccomp.Syscall syscall) {
        out.beginObject()
                .stringListField("names", syscall.names())
                .stringField("action", syscall.action())
                .numberField("errnoRet", syscall.errnoRet())
                .listField("args", syscall.args(), LinuxJson::writeArg)
                .endObject();
    }

    private static LinuxSeccomp.Arg readArg(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        int index = 0;
        long value = 0;
        long valueTwo = 0;
        String op = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "index" -> index = in.intValue();
                case "value" -> value = in.longValue();
                case "valueTwo" -> valueTwo = in.longValue();
                case "op" -> op = in.string();
                default -> in.skipValue();
            }
        }
        return new LinuxSeccomp.Arg(index, value, valueTwo, op);
    }

    private static void writeArg(JsonWriter out, LinuxSeccomp.Arg arg) {
        out.beginObject()
                .field("index", arg.index())
                .field("value", arg.value())
                .field("valueTwo", arg.valueTwo())
                .stringField("op", arg.op())
                .endObject();
    }
}
