package crate.app;

import crate.api.CrateException;
import crate.app.config.ConfigFile;
import crate.app.config.ConfigLoader;
import crate.app.config.ConfigToml;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code crate config show|path}: the effective configuration, and which file it comes from. */
@Command(name = "config", description = "Show the configuration.", mixinStandardHelpOptions = true,
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Where.class})
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "config: missing command (show or path)");
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the effective configuration as TOML, each value with where it came from"
                    + " (default, FILE:LINE, or a flag).")
    static final class Show implements Callable<Integer> {
        @ParentCommand ConfigCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws CrateException {
            spec.commandLine().getOut().print(ConfigToml.render(parent.main.globals.config()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "path", mixinStandardHelpOptions = true,
            description = "Print the configuration file's path (--config, else $CRATE_CONFIG, else /etc/crate/config.toml).")
    static final class Where implements Callable<Integer> {
        @ParentCommand ConfigCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            GlobalOptions globals = parent.main.globals;
            ConfigFile file = ConfigLoader.file(globals.configFile, System.getenv());
            spec.commandLine().getOut().println(file.path());
            if (!file.present()) {
                spec.commandLine().getErr().println("crate: " + file.describe() + " does not exist"
                        + (file.namedBy().isEmpty() ? ": every setting has its default" : ""));
                return file.namedBy().isEmpty() ? 0 : CrateException.RUNTIME_ERROR;
            }
            return 0;
        }
    }
}
