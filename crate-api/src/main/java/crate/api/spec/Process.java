package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The runtime-spec {@code process}: what runs in the container, and as whom. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Process(
        boolean terminal,
        User user,
        List<String> args,
        List<String> env,
        String cwd,
        boolean noNewPrivileges,
        ConsoleSize consoleSize) {

    public Process {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        user = user == null ? new User(0, 0, null, List.of()) : user;
    }

    /** A process without a console size (the runtime-spec's optional {@code consoleSize} absent). */
    public Process(boolean terminal, User user, List<String> args, List<String> env, String cwd, boolean noNewPrivileges) {
        this(terminal, user, args, env, cwd, noNewPrivileges, null);
    }

    public Process withArgs(List<String> newArgs) {
        return new Process(terminal, user, newArgs, env, cwd, noNewPrivileges, consoleSize);
    }

    public Process withEnv(List<String> newEnv) {
        return new Process(terminal, user, args, newEnv, cwd, noNewPrivileges, consoleSize);
    }

    public Process withCwd(String newCwd) {
        return new Process(terminal, user, args, env, newCwd, noNewPrivileges, consoleSize);
    }

    public Process withUser(User newUser) {
        return new Process(terminal, newUser, args, env, cwd, noNewPrivileges, consoleSize);
    }

    public Process withTerminal(boolean newTerminal) {
        return new Process(newTerminal, user, args, env, cwd, noNewPrivileges, consoleSize);
    }

    public Process withConsoleSize(ConsoleSize newConsoleSize) {
        return new Process(terminal, user, args, env, cwd, noNewPrivileges, newConsoleSize);
    }
}
