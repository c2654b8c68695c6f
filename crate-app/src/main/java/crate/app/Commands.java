package crate.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * crate's top-level commands, registered with picocli as they are needed: the models of all
 * 23 cost ~65 ms more CPU per start than one (measured with the models built in code). A
 * command line gets only the command its arguments name, found after the global options;
 * when that is not clear (no command, help, an unknown command or option, an argument file),
 * all of them, and picocli's own messages and listings are what they always were. Each
 * command declares its model in code ({@link CommandModel}), with the global options it runs
 * with.
 */
final class Commands {
    /** By name, in the order of {@code crate --help}'s listing. */
    private static final Map<String, Function<GlobalOptions, CommandSpec>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("run", globals -> new RunCommand(globals).spec());
        BY_NAME.put("create", globals -> new CreateCommand(globals).spec());
        BY_NAME.put("start", globals -> new StartCommand(globals).spec());
        BY_NAME.put("state", globals -> new StateCommand(globals).spec());
        BY_NAME.put("kill", globals -> new KillCommand(globals).spec());
        BY_NAME.put("delete", globals -> new DeleteCommand(globals).spec());
        BY_NAME.put("list", globals -> new ListCommand(globals).spec());
        BY_NAME.put("exec", globals -> new ExecCommand(globals).spec());
        BY_NAME.put("ps", globals -> new PsCommand(globals).spec());
        BY_NAME.put("pause", globals -> new FreezerCommands.Pause(globals).spec());
        BY_NAME.put("resume", globals -> new FreezerCommands.Resume(globals).spec());
        BY_NAME.put("spec", globals -> new SpecCommand().spec());
        BY_NAME.put("features", globals -> new FeaturesCommand().spec());
        BY_NAME.put("stop", globals -> new StopCommand(globals).spec());
        BY_NAME.put("update", globals -> new UpdateCommand(globals).spec());
        BY_NAME.put("events", globals -> new EventsCommand(globals).spec());
        BY_NAME.put("inspect", globals -> new InspectCommand(globals).spec());
        BY_NAME.put("plugins", globals -> new PluginsCommand(globals).spec());
        BY_NAME.put("config", globals -> new ConfigCommand(globals).spec());
        BY_NAME.put("pull", globals -> new PullCommand().spec());
        BY_NAME.put("images", globals -> new ImagesCommand().spec());
        BY_NAME.put("rmi", globals -> new RmiCommand().spec());
        BY_NAME.put("image", globals -> new ImageCommand().spec());
    }

    /** Everything after these commands' name belongs to the container: crate run sh -c 'echo'. */
    private static final Set<String> STOP_AT_POSITIONAL = Set.of("run", "exec", "ps");

    private Commands() {}

    /** The names of all top-level commands, in the listing's order. */
    static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** Registers with {@code root} (crate's own command, no subcommand yet) what {@code args} need. */
    static void register(CommandLine root, String[] args) {
        String name = invoked(root.getCommandSpec(), args);
        if (name == null) {
            for (String each : BY_NAME.keySet()) {
                add(root, each);
            }
        } else if (!name.isEmpty()) {
            add(root, name);
        }
    }

    /**
     * The command {@code args} invoke: their first argument after the global options, if it
     * names a command; "" for {@code crate --version} alone (it needs no command); null if all
     * commands are needed. The options are the root command's own, so that a value
     * ({@code --root DIR}) is skipped exactly as picocli will; anything else picocli would
     * treat in a way of its own ({@code --}, {@code @FILE}, a cluster of short options, an
     * option's value that starts with a dash or is a command's name) asks for all.
     */
    static String invoked(CommandSpec root, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@")) {
                return null;
            }
            if (!arg.startsWith("-")) {
                return BY_NAME.containsKey(arg) ? arg : null;
            }
            int equals = arg.indexOf('=');
            OptionSpec option = root.optionsMap().get(equals < 0 ? arg : arg.substring(0, equals));
            if (option == null || option.usageHelp()) {
                return null;
            }
            if (option.versionHelp()) {
                return equals < 0 && i == args.length - 1 ? "" : null;
            }
            boolean takesValue = option.arity().max() > 0;
            if (equals >= 0 && !takesValue) {
                return null; // --debug=true: picocli's error, with everything it may list
            }
            if (takesValue && equals < 0) {
                i++;
                // Where picocli may take the value for an option or a command of its own.
                if (i == args.length || args[i].startsWith("-") || args[i].startsWith("@")
                        || BY_NAME.containsKey(args[i])) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void add(CommandLine root, String name) {
        CommandLine command = new CommandLine(BY_NAME.get(name).apply(Main.globals(root.getCommandSpec())));
        root.addSubcommand(name, command);
        if (STOP_AT_POSITIONAL.contains(name)) {
            command.setStopAtPositional(true);
        }
        if (name.equals("image")) {
            ImageCommand.addAliases(command);
        }
    }
}
