package crate.app;

import crate.api.CrateException;
import crate.api.spec.Spec;
import java.util.List;

/**
 * {@code crate run --security-opt}, Docker's LSM forms: {@code apparmor=PROFILE} (or
 * {@code unconfined}: none) and {@code label=user:U}, {@code role:R}, {@code type:T},
 * {@code level:L} (over Docker's default {@code system_u:system_r:container_t:s0}) or
 * {@code label=disable}. A label for a module the host lacks is refused before anything is
 * created (SpecValidator). The other options (seccomp=) are {@link SeccompOption}'s.
 */
final class SecurityOptFlags {
    static final String DEFAULT_SELINUX_LABEL = "system_u:system_r:container_t:s0";

    private SecurityOptFlags() {}

    /** The options that are not about LSM labels, for {@link SeccompOption}. */
    static List<String> seccompOptions(List<String> options) {
        return options.stream().filter(o -> !isLsm(o)).toList();
    }

    private static boolean isLsm(String option) {
        return option.startsWith("apparmor") || option.startsWith("label");
    }

    /** {@code spec} with the labels {@code options} ask for. */
    static Spec apply(Spec spec, List<String> options) throws CrateException {
        String apparmor = spec.process().apparmorProfile();
        String[] label = null;
        boolean disabled = false;
        for (String option : options) {
            if (!isLsm(option)) {
                continue;
            }
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? "" : option.substring(eq + 1);
            switch (key) {
                case "apparmor" -> {
                    if (value.isEmpty()) {
                        throw new CrateException("--security-opt " + option + ": expected apparmor=PROFILE or apparmor=unconfined");
                    }
                    apparmor = value.equals("unconfined") ? null : value;
                }
                case "label" -> {
                    if (value.equals("disable")) {
                        disabled = true;
                        continue;
                    }
                    label = label != null ? label : DEFAULT_SELINUX_LABEL.split(":", 4);
                    label[part(option, value)] = value.substring(value.indexOf(':') + 1);
                }
                default -> throw new CrateException("--security-opt " + option
                        + ": unknown option (expected apparmor=..., label=... or seccomp=...)");
            }
        }
        String selinux = disabled || label == null ? null : String.join(":", label);
        return spec.withProcess(spec.process().withLsmLabels(apparmor, selinux));
    }

    /** The index in user:role:type:level of a {@code label=} value's part. */
    private static int part(String option, String value) throws CrateException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        int index = List.of("user", "role", "type", "level").indexOf(name);
        if (index < 0 || colon < 0 || colon == value.length() - 1) {
            throw new CrateException("--security-opt " + option
                    + ": expected label=user:USER, role:ROLE, type:TYPE, level:LEVEL or disable");
        }
        return index;
    }
}
