package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The runtime-spec {@code process}: what runs in the container, and as whom. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@SuppressWarnings("JavaLangClash") // the runtime-spec's name; java.lang.Process is never meant here
public record Process(
        boolean terminal,
        User user,
        List<String> args,
        List<String> env,
        String cwd,
        boolean noNewPrivileges,
        List<Rlimit> rlimits,
        Integer oomScoreAdj,
        ConsoleSize consoleSize,
        LinuxCapabilities capabilities,
        String apparmorProfile,
        String selinuxLabel) {

    public Process {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        user = user == null ? new User(0, 0, null, List.of()) : user;
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
    }

    /** A process without rlimits, console size, and with the runtime's oom_score_adj. */
    public Process(boolean terminal, User user, List<String> args, List<String> env, String cwd, boolean noNewPrivileges) {
        this(terminal, user, args, env, cwd, noNewPrivileges, null, null, null, null, null, null);
    }

    /** A process without capabilities and LSM labels. */
    public Process(boolean terminal, User user, List<String> args, List<String> env, String cwd, boolean noNewPrivileges,
            List<Rlimit> rlimits, Integer oomScoreAdj, ConsoleSize consoleSize) {
        this(terminal, user, args, env, cwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, null, null, null);
    }

    public Process withArgs(List<String> newArgs) {
        return new Process(terminal, user, newArgs, env, cwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, capabilities, apparmorProfile, selinuxLabel);
    }

    public Process withEnv(List<String> newEnv) {
        return new Process(terminal, user, args, newEnv, cwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, capabilities, apparmorProfile, selinuxLabel);
    }

    public Process withCwd(String newCwd) {
        return new Process(terminal, user, args, env, newCwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, capabilities, apparmorProfile, selinuxLabel);
    }

    public Process withUser(User newUser) {
        return new Process(terminal, newUser, args, env, cwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, capabilities, apparmorProfile, selinuxLabel);
    }

    public Process withRlimits(List<Rlimit> newRlimits) {
        return new Process(terminal, user, args, env, cwd, noNewPrivileges, newRlimits, oomScoreAdj, consoleSize, capabilities, apparmorProfile, selinuxLabel);
    }

    public Process withOomScoreAdj(Integer newOomScoreAdj) {
        return new Process(terminal, user, args, env, cwd, noNewPrivileges, rlimits, newOomScoreAdj, consoleSize, capabilities, apparmorProfile, selinuxLabel);
    }

    public Process withTerminal(boolean newTerminal) {
        return new Process(newTerminal, user, args, env, cwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, capabilities, apparmorProfile, selinuxLabel);
    }

    public Process withConsoleSize(ConsoleSize newConsoleSize) {
        return new Process(terminal, user, args, env, cwd, noNewPrivileges, rlimits, oomScoreAdj, newConsoleSize, capabilities, apparmorProfile, selinuxLabel);
    }

    public Process withCapabilities(LinuxCapabilities newCapabilities) {
        return new Process(terminal, user, args, env, cwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, newCapabilities,
                apparmorProfile, selinuxLabel);
    }

    public Process withNoNewPrivileges(boolean newNoNewPrivileges) {
        return new Process(terminal, user, args, env, cwd, newNoNewPrivileges, rlimits, oomScoreAdj, consoleSize, capabilities,
                apparmorProfile, selinuxLabel);
    }

    /** With the LSM labels: an AppArmor profile and an SELinux process label (null: none). */
    public Process withLsmLabels(String newApparmorProfile, String newSelinuxLabel) {
        return new Process(terminal, user, args, env, cwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, capabilities,
                newApparmorProfile, newSelinuxLabel);
    }
}
