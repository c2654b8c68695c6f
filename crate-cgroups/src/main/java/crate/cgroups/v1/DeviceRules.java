package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.DeviceRule;
import java.util.List;

/**
 * linux.resources.devices on the v1 devices controller: each rule, in order, one line to
 * devices.allow or devices.deny. A leading deny-all therefore resets the cgroup to "deny
 * everything" before the allow rules punch holes into it.
 */
final class DeviceRules {
    static final String ALLOW = "devices.allow";
    static final String DENY = "devices.deny";

    private DeviceRules() {}

    static void apply(CgroupFiles dir, List<DeviceRule> rules) throws CrateException {
        for (DeviceRule rule : rules) {
            dir.write(rule.allow() ? ALLOW : DENY, line(rule));
        }
    }

    /** "c 1:3 rwm", "*" for any major or minor; type "a" (all devices) is the bare "a". */
    static String line(DeviceRule rule) throws CrateException {
        String type = rule.type() == null || rule.type().isEmpty() ? "a" : rule.type();
        String access = rule.access() == null || rule.access().isEmpty() ? "rwm" : rule.access();
        if (!type.equals("a") && !type.equals("b") && !type.equals("c")) {
            throw new CrateException("device rule type \"" + type + "\" is not a, b or c");
        }
        if (!access.matches("[rwm]{1,3}")) {
            throw new CrateException("device rule access \"" + access + "\" is not a subset of rwm");
        }
        if (type.equals("a")) {
            return "a";
        }
        return type + " " + number(rule.major()) + ":" + number(rule.minor()) + " " + access;
    }

    private static String number(Long value) {
        return value == null || value == -1 ? "*" : Long.toString(value);
    }
}
