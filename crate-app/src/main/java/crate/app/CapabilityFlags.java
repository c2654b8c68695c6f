package crate.app;

import crate.api.CrateException;
import crate.api.spec.Spec;
import crate.linux.Capability;
import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code crate run}'s capability flags, as Docker's: Docker's 14 default capabilities, then
 * {@code --cap-drop} and {@code --cap-add} (names with or without {@code CAP_}, any case, or
 * {@code ALL}); {@code --privileged} gives every capability the kernel has and crate holds, no seccomp filter
 * and no masked or read-only paths.
 */
final class CapabilityFlags implements OptionGroup {
    static final String ALL = "ALL";

    List<String> add = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    boolean privileged;

    @Override
    public void declareInto(CommandModel command) {
        command.add(CommandModel.listOption("--cap-add", "CAP", "Add a capability to Docker's defaults (CHOWN or CAP_CHOWN; "
                        + "ALL: every one)", String.class, v -> add = v).splitRegex(","))
                .add(CommandModel.listOption("--cap-drop", "CAP", "Drop a capability from Docker's defaults (ALL: every one; "
                        + "then only --cap-add ones)", String.class, v -> drop = v).splitRegex(","))
                .flag("--privileged", "Every capability, no seccomp filter, no masked or read-only paths (trust the command "
                        + "fully)", v -> privileged = v);
    }

    /** Whether any flag was given (they do not apply to --bundle). */
    boolean given() {
        return privileged || !add.isEmpty() || !drop.isEmpty();
    }

    /** {@code spec} (crate run's defaults) with the capabilities the flags ask for. */
    Spec apply(Spec spec) throws CrateException {
        List<String> names = capabilities(available());
        Spec applied = spec.withProcess(spec.process().withCapabilities(DefaultSpec.capabilities(names)));
        if (privileged) {
            applied = applied.withLinux(applied.linux().withSeccomp(null).withPaths(List.of(), List.of()));
        }
        return applied;
    }

    /** What "every capability" is here: those the kernel has and crate holds (its permitted set). */
    private static long available() throws CrateException {
        long kernel = (1L << (Capability.lastOfKernel() + 1)) - 1;
        try {
            return kernel & Syscalls.capget()[1];
        } catch (ErrnoException e) {
            throw new CrateException("cannot read crate's own capabilities: " + e.getMessage(), e);
        }
    }

    /**
     * The capability names for the process, in Docker's order of rules: --privileged or
     * {@code --cap-add ALL} (minus --cap-drop) is every capability in {@code available} (a mask);
     * {@code --cap-drop ALL} leaves only --cap-add's; otherwise the defaults, minus --cap-drop,
     * plus --cap-add.
     */
    List<String> capabilities(long available) throws CrateException {
        Set<String> added = names("--cap-add", add);
        Set<String> dropped = names("--cap-drop", drop);
        List<String> every = Arrays.stream(Capability.values())
                .filter(c -> (available & 1L << c.number()) != 0).map(Capability::specName).toList();
        Set<String> result = new LinkedHashSet<>();
        if (privileged) {
            result.addAll(every);
        } else if (added.contains(ALL)) {
            every.stream().filter(c -> !dropped.contains(c)).forEach(result::add);
        } else if (dropped.contains(ALL)) {
            result.addAll(added);
        } else {
            DefaultSpec.DOCKER_CAPABILITIES.stream().filter(c -> !dropped.contains(c)).forEach(result::add);
            result.addAll(added);
        }
        return List.copyOf(result);
    }

    /** The flag's names as config.json spells them ({@code CAP_CHOWN}), or ALL; an unknown one is an error naming it. */
    private static Set<String> names(String flag, List<String> values) throws CrateException {
        Set<String> names = new LinkedHashSet<>();
        for (String value : values) {
            String name = value.strip();
            if (name.toUpperCase(Locale.ROOT).equals(ALL)) {
                names.add(ALL);
                continue;
            }
            Capability capability = Capability.fromUserName(name).orElseThrow(() -> new CrateException(
                    flag + " " + value + ": unknown capability (known: CHOWN to CHECKPOINT_RESTORE, or ALL; "
                            + "see capabilities(7))"));
            names.add(capability.specName());
        }
        return names;
    }
}
