package crate.cgroups.v1;

import crate.api.CrateException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * linux.resources.unified (cgroup2 file name to value). A v1-only host has nowhere to put
 * them; a hybrid host takes those whose controller its cgroup2 hierarchy holds.
 */
final class UnifiedSettings {
    private UnifiedSettings() {}

    static void apply(Optional<CgroupFiles> unifiedDir, Set<String> unifiedControllers, Map<String, String> values)
            throws CrateException {
        if (values.isEmpty()) {
            return;
        }
        if (unifiedDir.isEmpty()) {
            throw new CrateException("linux.resources.unified " + new TreeMap<>(values).keySet()
                    + " needs cgroup v2, and this host has only cgroup v1 hierarchies");
        }
        CgroupFiles dir = unifiedDir.get();
        for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
            String file = entry.getKey();
            String controller = controllerOf(file);
            if (!controller.equals("cgroup") && !unifiedControllers.contains(controller)) {
                throw new CrateException("linux.resources.unified \"" + file + "\": the " + controller
                        + " controller is not in this hybrid host's cgroup v2 hierarchy (it has "
                        + (unifiedControllers.isEmpty() ? "none" : String.join(", ", unifiedControllers.stream().sorted().toList()))
                        + "); use the v1 fields of linux.resources");
            }
            if (!dir.exists(file)) {
                throw new CrateException("cannot write \"" + entry.getValue() + "\" to " + dir.where() + "/" + file
                        + ": no such file");
            }
            dir.write(file, entry.getValue());
        }
    }

    /** "memory.max" belongs to memory; a name without a dot or with a path is refused. */
    static String controllerOf(String file) throws CrateException {
        int dot = file.indexOf('.');
        if (dot <= 0 || file.contains("/") || file.contains("..")) {
            throw new CrateException("linux.resources.unified \"" + file + "\" is not a cgroup v2 file name");
        }
        return file.substring(0, dot);
    }
}
