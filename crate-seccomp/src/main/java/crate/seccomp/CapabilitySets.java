package crate.seccomp;

import crate.api.CrateException;
import crate.api.spec.LinuxCapabilities;
import crate.linux.Capability;
import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code process.capabilities} resolved against the running kernel, and applied to the thread
 * that will execute the process in two steps, around the user switch (as runc): the bounding
 * set before it, the other sets after it.
 *
 * <p>Capabilities the kernel does not know (above {@code cap_last_cap}) are left out, as runc
 * does; so are ambient ones that are not both permitted and inheritable, which the kernel
 * would refuse to raise. {@link #warnings} names both, for the host side to print.
 */
record CapabilitySets(
        Set<Capability> bounding,
        Set<Capability> effective,
        Set<Capability> permitted,
        Set<Capability> inheritable,
        Set<Capability> ambient,
        int lastOfKernel,
        List<String> warnings) {

    /**
     * The sets of {@code capabilities}; empty when the spec has none (the process then keeps
     * the runtime's capabilities, as with runc).
     */
    static Optional<CapabilitySets> of(LinuxCapabilities capabilities, int lastOfKernel) throws CrateException {
        return of(capabilities, lastOfKernel, -1L);
    }

    /**
     * @param held the capabilities crate itself holds (its permitted set): it cannot give the
     *     process others, so they are skipped with a warning too (the bounding set only limits,
     *     and keeps them)
     */
    static Optional<CapabilitySets> of(LinuxCapabilities capabilities, int lastOfKernel, long held) throws CrateException {
        if (capabilities == null) {
            return Optional.empty();
        }
        List<String> warnings = new ArrayList<>();
        Set<Capability> bounding = resolve("bounding", capabilities.bounding(), lastOfKernel, warnings);
        Set<Capability> effective = resolve("effective", capabilities.effective(), lastOfKernel, warnings);
        Set<Capability> permitted = resolve("permitted", capabilities.permitted(), lastOfKernel, warnings);
        Set<Capability> inheritable = resolve("inheritable", capabilities.inheritable(), lastOfKernel, warnings);
        Set<Capability> ambient = resolve("ambient", capabilities.ambient(), lastOfKernel, warnings);
        Set<Capability> notHeld = EnumSet.noneOf(Capability.class);
        for (Set<Capability> set : List.of(effective, permitted, inheritable, ambient)) {
            set.stream().filter(c -> (held & 1L << c.number()) == 0).forEach(notHeld::add);
        }
        if (!notHeld.isEmpty()) {
            warnings.add("process.capabilities: " + names(notHeld) + " skipped: crate itself does not hold "
                    + (notHeld.size() == 1 ? "it" : "them"));
            for (Set<Capability> set : List.of(effective, permitted, inheritable, ambient)) {
                set.removeAll(notHeld);
            }
        }
        Set<Capability> notPermitted = EnumSet.copyOf(effective);
        notPermitted.removeAll(permitted);
        if (!notPermitted.isEmpty()) {
            throw new CrateException("config.json: process.capabilities.effective: " + names(notPermitted)
                    + " not in process.capabilities.permitted (an effective capability must be permitted)");
        }
        Set<Capability> notRaised = EnumSet.noneOf(Capability.class);
        for (Capability capability : ambient) {
            if (!permitted.contains(capability) || !inheritable.contains(capability)) {
                notRaised.add(capability);
            }
        }
        if (!notRaised.isEmpty()) {
            warnings.add("process.capabilities.ambient: " + names(notRaised)
                    + " not raised: an ambient capability must be permitted and inheritable too");
            ambient.removeAll(notRaised);
        }
        return Optional.of(new CapabilitySets(bounding, effective, permitted, inheritable, ambient, lastOfKernel,
                List.copyOf(warnings)));
    }

    private static Set<Capability> resolve(String set, List<String> names, int lastOfKernel, List<String> warnings)
            throws CrateException {
        Set<Capability> resolved = EnumSet.noneOf(Capability.class);
        Set<Capability> unknownToKernel = EnumSet.noneOf(Capability.class);
        for (String name : names) {
            Capability capability = Capability.fromSpecName(name).orElseThrow(() -> new CrateException(
                    "config.json: process.capabilities." + set + ": unknown capability \"" + name + "\""));
            if (capability.number() > lastOfKernel) {
                unknownToKernel.add(capability);
            } else {
                resolved.add(capability);
            }
        }
        if (!unknownToKernel.isEmpty()) {
            warnings.add("process.capabilities." + set + ": " + names(unknownToKernel)
                    + " skipped: the running kernel's last capability is " + lastOfKernel);
        }
        return resolved;
    }

    private static String names(Set<Capability> capabilities) {
        return String.join(", ", capabilities.stream().map(Capability::specName).toList());
    }

    /**
     * Step 2 of {@link CredentialsIsolator#enterExec}, still root with every capability: drops
     * from the bounding set what it lacks, and keeps the permitted set across the user switch.
     */
    void dropBounding() throws CrateException {
        try {
            for (Capability capability : Capability.values()) {
                if (capability.number() <= lastOfKernel && !bounding.contains(capability)) {
                    Syscalls.dropBoundingCapability(capability);
                }
            }
            Syscalls.setKeepCapabilities(true);
        } catch (ErrnoException e) {
            throw new CrateException("process.capabilities.bounding: " + e.getMessage(), e);
        }
    }

    /**
     * Step 5, after the user switch: effective, permitted and inheritable, then the ambient
     * set (which needs the first three in place); PR_SET_KEEPCAPS off again.
     */
    void apply() throws CrateException {
        try {
            Syscalls.capset(Capability.mask(effective), Capability.mask(permitted), Capability.mask(inheritable));
            Syscalls.clearAmbientCapabilities();
            for (Capability capability : ambient) {
                Syscalls.raiseAmbientCapability(capability);
            }
            Syscalls.setKeepCapabilities(false);
        } catch (ErrnoException e) {
            throw new CrateException("process.capabilities: " + e.getMessage(), e);
        }
    }
}
