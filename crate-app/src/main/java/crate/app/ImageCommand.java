package crate.app;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate image ls|pull|rm|prune}: Docker's image commands under one name ({@link Commands} adds ls, pull and rm). */
final class ImageCommand implements Runnable {
    private CommandSpec command;

    CommandSpec spec() {
        command = CommandModel.of("image", this, "Manage images: ls, pull, rm, prune.").spec();
        command.addSubcommand("prune", new CommandLine(new ImagePruneCommand().spec()));
        return command;
    }

    /** Without a subcommand: the usage, as docker image does. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(command.commandLine(), "crate image needs a command: ls, pull, rm or prune");
    }

    /** Adds the aliases of the top-level commands: ls (images), pull, rm (rmi). */
    static void addAliases(CommandLine image) {
        image.addSubcommand("ls", new CommandLine(new ImagesCommand().spec()), "list");
        image.addSubcommand("pull", new CommandLine(new PullCommand().spec()));
        image.addSubcommand("rm", new CommandLine(new RmiCommand().spec()));
    }
}
