package crate.app;

import crate.api.CrateException;
import crate.api.spi.Puller;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crate rmi [-f] IMAGE...} (and {@code crate image rm}): untag and delete images, as
 * docker rmi. Each image is tried; a failure is one line on stderr, and the status is 1 if any failed.
 */
@Command(name = "rmi", description = "Remove images: a name untags, an ID deletes the image with all its names.",
        mixinStandardHelpOptions = true)
final class RmiCommand implements Callable<Integer> {
    @Option(names = {"-f", "--force"}, description = "Also when containers use the image, or other names point at it")
    boolean force;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Name or ID (a unique prefix will do)")
    List<String> images = new ArrayList<>();

    @Spec CommandSpec command;

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
