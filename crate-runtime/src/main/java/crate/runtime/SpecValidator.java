package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Hook;
import crate.api.spec.LinuxCapabilities;
import crate.api.spec.Mount;
import crate.api.spec.Process;
import crate.api.spec.Spec;
import crate.linux.Capability;
import crate.linux.Lsm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The checks of a spec that every runtime must make, whatever its plugins. */
final class SpecValidator {
    private SpecValidator() {}

    /** Checks {@code spec}; returns the namespace plan, which is one of the checks. */
    static NamespacePlan validate(Spec spec, String source) throws CrateException {
        if (spec.ociVersion() == null || spec.ociVersion().isBlank()) {
            throw new CrateException(source + ": ociVersion is missing");
        }
        if (!spec.ociVersion().startsWith("1.")) {
            throw new CrateException(source + ": ociVersion " + spec.ociVersion() + " is not supported (crate implements 1.x)");
        }
        if (spec.process() == null) {
            throw new CrateException(source + ": process is missing");
        }
        if (spec.process().args().isEmpty() || spec.process().args().getFirst().isEmpty()) {
            throw new CrateException(source + ": process.args is empty: there is no command to run");
        }
        if (spec.process().cwd() != null && !spec.process().cwd().startsWith("/")) {
            throw new CrateException(source + ": process.cwd must be an absolute path, not \"" + spec.process().cwd() + "\"");
        }
        if (spec.root() == null || spec.root().path() == null) {
            throw new CrateException(source + ": root.path is missing");
        }
        for (int i = 0; i < spec.mounts().size(); i++) {
            Mount mount = spec.mounts().get(i);
            if (mount.destination() == null || !mount.destination().startsWith("/")) {
                throw new CrateException(source + ": mounts[" + i + "].destination must be an absolute path, not "
                        + (mount.destination() == null ? "missing" : "\"" + mount.destination() + "\""));
            }
        }
        validateCapabilities(spec.process(), source);
        validateLsmLabels(spec.process(), spec.linux() == null ? null : spec.linux().mountLabel(), source, Lsm::enabled);
        NamespacePlan plan = NamespacePlan.of(spec, source);
        validateHooks(spec, source);
        return plan;
    }

    /**
     * config.md: a capability name that is not valid MUST be an error. crate knows the
     * kernel's up to CAP_CHECKPOINT_RESTORE; those the running kernel lacks are skipped later
     * with a warning, as runc does.
     */
    static void validateCapabilities(Process process, String source) throws CrateException {
        LinuxCapabilities capabilities = process.capabilities();
        if (capabilities == null) {
            return;
        }
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("bounding", capabilities.bounding());
        sets.put("effective", capabilities.effective());
        sets.put("inheritable", capabilities.inheritable());
        sets.put("permitted", capabilities.permitted());
        sets.put("ambient", capabilities.ambient());
        for (Map.Entry<String, List<String>> set : sets.entrySet()) {
            for (String name : set.getValue()) {
                if (Capability.fromSpecName(name).isEmpty()) {
                    throw new CrateException(source + ": process.capabilities." + set.getKey() + ": unknown capability \""
                            + name + "\" (known: CAP_CHOWN to " + Capability.CHECKPOINT_RESTORE.specName() + ")");
                }
            }
        }
    }

    /**
     * An AppArmor profile or SELinux label for a module the host lacks is an error, before
     * anything exists: a container must not run less confined than its config says.
     * {@code linux.mountLabel} is not applied yet: with SELinux it is refused too.
     */
    static void validateLsmLabels(Process process, String mountLabel, String source, Predicate<Lsm> enabled)
            throws CrateException {
        requireLsm(source, "process.apparmorProfile", process.apparmorProfile(), Lsm.APPARMOR, enabled);
        requireLsm(source, "process.selinuxLabel", process.selinuxLabel(), Lsm.SELINUX, enabled);
        requireLsm(source, "linux.mountLabel", mountLabel, Lsm.SELINUX, enabled);
        if (mountLabel != null && !mountLabel.isEmpty()) {
            throw new CrateException(source + ": linux.mountLabel \"" + mountLabel + "\": crate does not label mounts yet");
        }
    }

    private static void requireLsm(String source, String field, String label, Lsm lsm, Predicate<Lsm> enabled)
            throws CrateException {
        if (label != null && !label.isEmpty() && !enabled.test(lsm)) {
            throw new CrateException(source + ": " + field + " \"" + label + "\": " + lsm.displayName()
                    + " is not enabled on this host (no " + lsm.fileSystem() + "), so the label cannot be applied");
        }
    }

    /** config.md: a hook's path MUST be absolute; its timeout, if set, MUST be greater than zero. */
    static void validateHooks(Spec spec, String source) throws CrateException {
        for (HookRunner.Kind kind : HookRunner.Kind.values()) {
            List<Hook> hooks = kind.of(spec);
            for (int i = 0; i < hooks.size(); i++) {
                Hook hook = hooks.get(i);
                String where = source + ": hooks." + kind.specName() + "[" + i + "]";
                if (hook == null || hook.path() == null || hook.path().isEmpty()) {
                    throw new CrateException(where + ".path is missing");
                }
                if (!hook.path().startsWith("/")) {
                    throw new CrateException(where + ".path must be an absolute path, not \"" + hook.path() + "\"");
                }
                if (hook.timeout() != null && hook.timeout() <= 0) {
                    throw new CrateException(where + ".timeout must be greater than zero, not " + hook.timeout());
                }
            }
        }
    }
}
