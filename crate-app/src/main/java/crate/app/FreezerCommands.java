package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code crate pause} and {@code crate resume} need the cgroup freezer, which comes with the
 * cgroups isolator. Until then they say so (with runc's arguments parsed), instead of being
 * unknown commands.
 */
final class FreezerCommands {
    private FreezerCommands() {}

    static CrateException unsupported(String command) {
        return new CrateException(command + ": freezing a container needs the cgroup freezer, which crate does not manage yet");
    }

    @Command(name = "pause", description = "Freeze every process of a container (needs cgroups: not supported yet).")
    static final class Pause implements Callable<Integer> {
        @ParentCommand Main main;

        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() throws CrateException {
            main.globals.lifecycle().state(ContainerIds.check(id));
            throw unsupported("pause");
        }
    }

    @Command(name = "resume", description = "Thaw a paused container (needs cgroups: not supported yet).")
    static final class Resume implements Callable<Integer> {
        @ParentCommand Main main;

        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() throws CrateException {
            main.globals.lifecycle().state(ContainerIds.check(id));
            throw unsupported("resume");
        }
    }
}
