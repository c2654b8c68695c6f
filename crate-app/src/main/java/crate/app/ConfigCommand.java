package crate.app;

import crate.api.CrateException;
import crate.app.config.ConfigFile;
import crate.app.config.ConfigLoader;
import crate.app.config.ConfigToml;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate config show|path}: the effective configuration, and which file it comes from. */
final class ConfigCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private CommandSpec spec;

    ConfigCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        spec = CommandModel.of("config", this, "Show the configuration.").spec();
        spec.addSubcommand("show", new CommandLine(new Show(globals).spec()));
        spec.addSubcommand("path", new CommandLine(new Where(globals).spec()));
        return spec;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "config: missing command (show or path)");
    }

    static final class Show implements Callable<Integer> {
        private final GlobalOptions globals;
        private CommandSpec spec;

        Show(GlobalOptions globals) {
            this.globals = globals;
        }

        CommandSpec spec() {
            spec = CommandModel.of("show", this, "Print the effective configuration as TOML, each value with where it "
                    + "came from (default, FILE:LINE, or a flag).").spec();
            return spec;
        }

        @Override
        public Integer call() throws CrateException {
            spec.commandLine().getOut().print(ConfigToml.render(globals.config()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    static final class Where implements Callable<Integer> {
        private final GlobalOptions globals;
        private CommandSpec spec;

        Where(GlobalOptions globals) {
            this.globals = globals;
        }

        CommandSpec spec() {
            spec = CommandModel.of("path", this, "Print the configuration file's path (--config, else $CRATE_CONFIG, "
                    + "else /etc/crate/config.toml).").spec();
            return spec;
        }

        @Override
        public Integer call() {
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
