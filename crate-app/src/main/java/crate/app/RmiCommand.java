package crate.app;

import crate.api.CrateException;
import crate.api.spi.Puller;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate rmi [-f] IMAGE...} (and {@code crate image rm}): untag and delete images, as
 * docker rmi. Each image is tried; a failure is one line on stderr, and the status is 1 if any failed.
 */
final class RmiCommand implements Callable<Integer> {
    private boolean force;
    private List<String> images = new ArrayList<>();
    private CommandSpec command;

    CommandSpec spec() {
        command = CommandModel.of("rmi", this, "Remove images: a name untags, an ID deletes the image with all its names.")
                .flag("-f, --force", "Also when containers use the image, or other names point at it", v -> force = v)
                .parameters("IMAGE", "Name or ID (a unique prefix will do)", "1..*", v -> images = v)
                .spec();
        return command;
    }

    @Override
    public Integer call() throws CrateException {
        Puller puller = Main.globals(command).puller();
        PrintWriter out = command.commandLine().getOut();
        int status = 0;
        for (String image : images) {
            try {
                puller.remove(image, force).forEach(out::println);
            } catch (CrateException e) {
                command.commandLine().getErr().println("crate: " + e.getMessage());
                ErrorLog.error(Main.globals(command), e.getMessage());
                status = CrateException.RUNTIME_ERROR;
            }
            out.flush();
        }
        return status;
    }
}
