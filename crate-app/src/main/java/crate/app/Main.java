package crate.app;

import crate.api.CrateException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate}: the command line. Errors end with one line on stderr and Docker's exit
 * statuses. The model is built in code ({@link CommandModel}), and holds only the command
 * the arguments need ({@link Commands}).
 */
public final class Main {
    final GlobalOptions globals = new GlobalOptions();

    private Main() {}

    /**
     * Ends with {@code halt}, not {@code System.exit}: since JDK 21 {@code Runtime.exit} logs
     * through {@code System.Logger}, whose first use loads and sets up the logging classes
     * (outside the AOT cache) on every command, and the shutdown hooks it would run are none
     * by then (a console proxy removes its own when it closes). What is buffered is flushed
     * first.
     */
    public static void main(String[] args) {
        CommandLine cli = commandLine(args);
        int status = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    static int execute(String[] args) {
        return commandLine(args).execute(args);
    }

    /** The global options of the command line that {@code command} belongs to (at any depth). */
    static GlobalOptions globals(CommandSpec command) {
        return ((Main) command.root().userObject()).globals;
    }

    /** crate's own command, without its commands. */
    static CommandSpec spec() {
        Main main = new Main();
        CommandSpec crate = CommandModel.of("crate", main, "An OCI container runtime.").with(main.globals).spec();
        crate.versionProvider(new Version());
        crate.exitCodeOnInvalidInput(CrateException.RUNTIME_ERROR);
        crate.exitCodeOnExecutionException(CrateException.RUNTIME_ERROR);
        main.globals.belongTo(crate);
        return crate;
    }

    /**
     * The configured command line for {@code args} (with only the command they invoke, see
     * {@link Commands}); tests redirect its output with setOut and setErr.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(spec());
        Commands.register(cli, args);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            GlobalOptions globals = globals(command.getCommandSpec());
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
            ErrorLog.error(globals(e.getCommandLine().getCommandSpec()), e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return CrateException.RUNTIME_ERROR;
        });
        return cli;
    }
}
