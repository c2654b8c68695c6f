package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crate pause} and {@code crate resume}: the cgroup freezer, as runc's. */
final class FreezerCommands {
    private FreezerCommands() {}

    @Command(name = "pause", description = "Freeze every process of a running container.", mixinStandardHelpOptions = true)
    static final class Pause implements Callable<Integer> {
        @ParentCommand Main main;

        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() throws CrateException {
            main.globals.lifecycle().pause(ContainerIds.check(id));
            return 0;
        }
    }

    @Command(name = "resume", description = "Thaw a paused container.", mixinStandardHelpOptions = true)
    static final class Resume implements Callable<Integer> {
        @ParentCommand Main main;

        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() throws CrateException {
            main.globals.lifecycle().resume(ContainerIds.check(id));
            return 0;
        }
    }
}
