/**
 * The crate command line: picocli commands, the configuration file, plugin discovery through
 * ServiceLoader, and the entry point of {@code crate init}. The top of the module graph; nothing depends on it.
 */
module crate.app {
    requires crate.runtime;
    requires crate.linux;
    requires crate.seccomp; // crate run's seccomp profiles
    requires info.picocli;
    // config.toml, read only when the file exists (start-up time).
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;

    // Jackson writes the state records. picocli needs no access: the commands' models are
    // built in code (CommandModel), their fields set by lambdas.
    opens crate.app to com.fasterxml.jackson.databind;

    uses crate.api.spi.Isolator;
    uses crate.api.spi.Filesystem;
    uses crate.api.spi.NetworkDriver;
    uses crate.api.spi.Puller;
    uses crate.api.spi.CgroupManager;
}
