package crate.cgroups;

import crate.api.spec.LinuxResources.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices every container may use whatever its spec says, appended after the spec's own
 * rules as runc does (runc's specconv AllowedDevices): mknod of any device (using one still
 * needs a rule), /dev/null, zero, full, random, urandom, tty, ptmx and the pty slaves. runc's
 * own config.json denies everything and relies on this list.
 */
public final class DefaultDevices {
    public static final List<DeviceRule> ALLOWED = List.of(
            new DeviceRule(true, "c", null, null, "m"),
            new DeviceRule(true, "b", null, null, "m"),
            new DeviceRule(true, "c", 1L, 3L, "rwm"),
            new DeviceRule(true, "c", 1L, 8L, "rwm"),
            new DeviceRule(true, "c", 1L, 7L, "rwm"),
            new DeviceRule(true, "c", 5L, 0L, "rwm"),
            new DeviceRule(true, "c", 1L, 5L, "rwm"),
            new DeviceRule(true, "c", 1L, 9L, "rwm"),
            new DeviceRule(true, "c", 136L, null, "rwm"),
            new DeviceRule(true, "c", 5L, 2L, "rwm"));

    private DefaultDevices() {}

    /** The spec's rules followed by {@link #ALLOWED}; no rules at all stay no rules (no filter). */
    public static List<DeviceRule> withDefaults(List<DeviceRule> specRules) {
        if (specRules == null || specRules.isEmpty()) {
            return List.of();
        }
        List<DeviceRule> rules = new ArrayList<>(specRules);
        rules.addAll(ALLOWED);
        return rules;
    }
}
