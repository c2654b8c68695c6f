package crate.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * crate's top-level commands, registered with picocli as they are needed. picocli builds the
 * model of every registered command by reflection (annotation proxies, fields, method
 * handles) before it parses anything: with all 23 registered that took most of the ~225 ms
 * from {@code main} to a command's {@code call()}, though one command runs. So a command line
 * gets only the command its arguments name, found after the global options; when that is not
 * clear (no command, help, an unknown command or option, an argument file), all of them, and
 * picocli's own messages and listings are what they always were.
 */
final class Commands {
    /** By name, in the order of {@code crate --help}'s listing. */
    private static final Map<String, Class<?>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("run", RunCommand.class);
        BY_NAME.put("create", CreateCommand.class);
        BY_NAME.put("start", StartCommand.class);
        BY_NAME.put("state", StateCommand.class);
        BY_NAME.put("kill", KillCommand.class);
        BY_NAME.put("delete", DeleteCommand.class);
        BY_NAME.put("list", ListCommand.class);
        BY_NAME.put("exec", ExecCommand.class);
        BY_NAME.put("ps", PsCommand.class);
        BY_NAME.put("pause", FreezerCommands.Pause.class);
        BY_NAME.put("resume", FreezerCommands.Resume.class);
        BY_NAME.put("spec", SpecCommand.class);
        BY_NAME.put("features", FeaturesCommand.class);
        BY_NAME.put("stop", StopCommand.class);
        BY_NAME.put("update", UpdateCommand.class);
        BY_NAME.put("events", EventsCommand.class);
        BY_NAME.put("inspect", InspectCommand.class);
        BY_NAME.put("plugins", PluginsCommand.class);
        BY_NAME.put("config", ConfigCommand.class);
        BY_NAME.put("pull", PullCommand.class);
        BY_NAME.put("images", ImagesCommand.class);
        BY_NAME.put("rmi", RmiCommand.class);
        BY_NAME.put("image", ImageCommand.class);
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
        CommandLine command = new CommandLine(BY_NAME.get(name));
        root.addSubcommand(name, command);
        if (STOP_AT_POSITIONAL.contains(name)) {
            command.setStopAtPositional(true);
        }
        if (name.equals("image")) {
            ImageCommand.addAliases(command);
        }
    }
}
