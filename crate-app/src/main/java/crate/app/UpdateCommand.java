package crate.app;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate update}: new limits for a live container, as runc's: a linux.resources JSON
 * ({@code --resources FILE}, or {@code -} for stdin, which containerd's shim uses) and/or flags.
 * A flag replaces its whole section (memory, cpu, pids, blockIO) of the JSON.
 */
final class UpdateCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private String resourcesFile;
    private final ResourceFlags flags = new ResourceFlags();
    private String id;

    UpdateCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("update", this, "Change the resource limits of a running container.")
                .option("-r, --resources", "FILE", "linux.resources as JSON; - reads stdin", v -> resourcesFile = v)
                .with(flags)
                .parameter("ID", v -> id = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        LinuxResources fromFlags = flags.resources();
        LinuxResources resources = resourcesFile == null ? fromFlags : overlay(read(resourcesFile), fromFlags);
        if (resources.equals(LinuxResources.NONE)) {
            throw new CrateException("update: nothing to change (give --resources FILE or flags such as --memory)");
        }
        globals.lifecycle().update(ContainerIds.check(id), resources);
        return 0;
    }

    private static LinuxResources read(String file) throws CrateException {
        try {
            byte[] json = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            return SpecJson.parseResources(json, file.equals("-") ? "stdin" : file);
        } catch (IOException e) {
            throw new CrateException("--resources " + file + ": cannot read: " + e.getMessage());
        }
    }

    private static LinuxResources overlay(LinuxResources base, LinuxResources flags) {
        return new LinuxResources(base.devices(),
                flags.memory() != null ? flags.memory() : base.memory(),
                flags.cpu() != null ? flags.cpu() : base.cpu(),
                flags.pids() != null ? flags.pids() : base.pids(),
                flags.blockIO() != null ? flags.blockIO() : base.blockIO(),
                base.hugepageLimits(), base.unified());
    }
}
