package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Spec;
import crate.linux.Namespace;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The namespaces of a spec: which to create, which to join (by path). Validated here once
 * for every isolator: unknown, duplicated and unsupported types are errors.
 */
record NamespacePlan(Map<Namespace, Optional<String>> namespaces) {

    /** Created with the host thread's unshare; the cgroup namespace comes later, in init (see design.md). */
    private static final Namespace[] SPAWN_ORDER = {
        Namespace.IPC, Namespace.UTS, Namespace.NETWORK, Namespace.PID, Namespace.MOUNT
    };

    static NamespacePlan of(Spec spec, String source) throws CrateException {
        Map<Namespace, Optional<String>> namespaces = new EnumMap<>(Namespace.class);
        var list = spec.linux() == null ? java.util.List.<LinuxNamespace>of() : spec.linux().namespaces();
        for (int i = 0; i < list.size(); i++) {
            LinuxNamespace entry = list.get(i);
            String where = source + ": linux.namespaces[" + i + "]";
            Namespace type = Namespace.fromSpecName(entry.type()).orElseThrow(() -> new CrateException(
                    where + ".type: unknown namespace type \"" + entry.type() + "\" (expected one of "
                            + Stream.of(Namespace.values()).map(Namespace::specName).collect(Collectors.joining(", ")) + ")"));
            if (type == Namespace.USER || type == Namespace.TIME) {
                throw new CrateException(where + ": " + type.specName() + " namespaces are not supported yet");
            }
            if (namespaces.containsKey(type)) {
                throw new CrateException(where + ": the " + type.specName() + " namespace is listed twice");
            }
            String path = entry.path();
            namespaces.put(type, path == null || path.isEmpty() ? Optional.empty() : Optional.of(path));
        }
        return new NamespacePlan(Map.copyOf(namespaces));
    }

    /** True when the container gets a new namespace of this type (neither the host's nor a joined one). */
    boolean creates(Namespace type) {
        return namespaces.containsKey(type) && namespaces.get(type).isEmpty();
    }

    /** The clone flags the spawning thread unshares (all new namespaces but cgroup). */
    int spawnUnshareFlags() {
        int flags = 0;
        for (Namespace type : SPAWN_ORDER) {
            if (creates(type)) {
                flags |= type.cloneFlag();
            }
        }
        return flags;
    }

    /** Namespaces the spawning thread joins before unsharing (it joins the mount namespace last). */
    Map<Namespace, String> spawnJoins() {
        Map<Namespace, String> joins = new EnumMap<>(Namespace.class);
        for (Namespace type : SPAWN_ORDER) {
            Optional<String> path = namespaces.getOrDefault(type, Optional.empty());
            path.ifPresent(p -> joins.put(type, p));
        }
        return joins;
    }
}
