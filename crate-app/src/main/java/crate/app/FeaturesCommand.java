package crate.app;

import crate.api.spec.Features;
import crate.api.spec.Spec;
import crate.linux.Capability;
import crate.runtime.HookRunner;
import crate.runtime.SpecJson;
import crate.seccomp.profile.Profiles;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate features}: the runtime-spec features document (features.md), as
 * {@code runc features} prints it. It claims only what crate implements: a feature crate
 * does not have is false or an empty list, not left out.
 */
final class FeaturesCommand implements Callable<Integer> {
    /** The oldest config.json version crate accepts (SpecValidator: any 1.x). */
    static final String OCI_VERSION_MIN = "1.0.0";

    /**
     * The mount options crate.namespaces recognizes (its MountOptions: flags and propagation;
     * anything else goes to the file system as data, which features.md leaves out).
     */
    static final List<String> MOUNT_OPTIONS = List.of(
            "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "lazytime", "mand",
            "noatime", "nodev", "nodiratime", "noexec", "nolazytime", "nomand", "norelatime", "nostrictatime",
            "nosuid", "nosymfollow", "private", "rbind", "relatime", "remount", "ro", "rprivate", "rshared",
            "rslave", "runbindable", "rw", "shared", "slave", "strictatime", "suid", "symfollow", "sync",
            "unbindable");

    /** The namespace types crate creates or joins (user and time are refused for now). */
    static final List<String> NAMESPACES = List.of("cgroup", "ipc", "mount", "network", "pid", "uts");

    private CommandSpec command;

    CommandSpec spec() {
        command = CommandModel.of("features", this,
                "Show what crate implements of the OCI runtime-spec (the features document, as JSON).").spec();
        return command;
    }

    @Override
    public Integer call() {
        command.commandLine().getOut().println(new String(SpecJson.write(features()), StandardCharsets.UTF_8));
        return 0;
    }

    static Features features() {
        Features.Enabled no = new Features.Enabled(false);
        Features.LinuxFeatures linux = new Features.LinuxFeatures(
                NAMESPACES,
                Arrays.stream(Capability.values()).map(Capability::specName).toList(),
                // cgroupfs on v1 and v2; systemd's slice:prefix:name paths are mapped onto cgroupfs,
                // but no systemd is asked to make the cgroup: no systemd manager.
                new Features.Cgroup(true, true, false, false, false),
                Profiles.features(), no, no, no);
        return new Features(
                OCI_VERSION_MIN,
                Spec.OCI_VERSION,
                Arrays.stream(HookRunner.Kind.values()).map(HookRunner.Kind::specName).toList(),
                MOUNT_OPTIONS,
                linux,
                Map.of("crate.version", Version.CRATE));
    }
}
