package crate.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code crate image ls|pull|rm|prune}: Docker's image commands under one name ({@link Main} adds ls, pull and rm). */
@Command(name = "image", description = "Manage images: ls, pull, rm, prune.", mixinStandardHelpOptions = true,
        subcommands = ImagePruneCommand.class)
final class ImageCommand implements Runnable {
    @Spec CommandSpec command;

    /** Without a subcommand: the usage, as docker image does. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(command.commandLine(), "crate image needs a command: ls, pull, rm or prune");
    }

    /** Adds the aliases of the top-level commands: ls (images), pull, rm (rmi). */
    static void addAliases(CommandLine image) {
        image.addSubcommand("ls", new CommandLine(new ImagesCommand()), "list");
        image.addSubcommand("pull", new CommandLine(new PullCommand()));
        image.addSubcommand("rm", new CommandLine(new RmiCommand()));
    }
}
