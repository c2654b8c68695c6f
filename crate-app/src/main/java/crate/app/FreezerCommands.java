package crate.app;

import crate.api.CrateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate pause} and {@code crate resume}: the cgroup freezer, as runc's. */
final class FreezerCommands {
    private FreezerCommands() {}

    static final class Pause implements Callable<Integer> {
        private final GlobalOptions globals;
        private String id;

        Pause(GlobalOptions globals) {
            this.globals = globals;
        }

        CommandSpec spec() {
            return CommandModel.of("pause", this, "Freeze every process of a running container.")
                    .parameter("ID", v -> id = v).spec();
        }

        @Override
        public Integer call() throws CrateException {
            globals.lifecycle().pause(ContainerIds.check(id));
            return 0;
        }
    }

    static final class Resume implements Callable<Integer> {
        private final GlobalOptions globals;
        private String id;

        Resume(GlobalOptions globals) {
            this.globals = globals;
        }

        CommandSpec spec() {
            return CommandModel.of("resume", this, "Thaw a paused container.").parameter("ID", v -> id = v).spec();
        }

        @Override
        public Integer call() throws CrateException {
            globals.lifecycle().resume(ContainerIds.check(id));
            return 0;
        }
    }
}
