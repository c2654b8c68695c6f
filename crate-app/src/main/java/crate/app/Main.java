package crate.app;

import crate.api.CrateException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate}: the command line. Errors end with one line on stderr and Docker's exit
 * statuses. Its commands are not in the annotation: {@link Commands} registers those the
 * arguments need.
 */
@Command(
        name = "crate",
        description = "An OCI container runtime.",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        exitCodeOnInvalidInput = CrateException.RUNTIME_ERROR,
        exitCodeOnExecutionException = CrateException.RUNTIME_ERROR)
public final class Main {
    @picocli.CommandLine.Mixin GlobalOptions globals = new GlobalOptions();

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String[] args) {
        return commandLine(args).execute(args);
    }

    /** The global options of the command line that {@code command} belongs to (at any depth). */
    static GlobalOptions globals(CommandSpec command) {
        return ((Main) command.root().userObject()).globals;
    }

    /**
     * The configured command line for {@code args} (with only the command they invoke, see
     * {@link Commands}); tests redirect its output with setOut and setErr.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        Commands.register(cli, args);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            GlobalOptions globals = ((Main) command.getCommandSpec().root().userObject()).globals;
            // A bug of crate's, not the user's: one line still, the stack trace with --debug.
            String message = e instanceof CrateException ? e.getMessage() : "internal error: " + e;
            command.getErr().println("crate: " + message);
            if (!(e instanceof CrateException) && globals.debug()) {
                e.printStackTrace(command.getErr());
            }
            ErrorLog.error(globals, message);
            return e instanceof CrateException failure ? failure.exitStatus() : CrateException.RUNTIME_ERROR;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("crate: " + e.getMessage());
            ErrorLog.error(((Main) e.getCommandLine().getCommandSpec().root().userObject()).globals, e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return CrateException.RUNTIME_ERROR;
        });
        return cli;
    }
}
