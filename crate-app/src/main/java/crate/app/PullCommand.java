package crate.app;

import crate.api.CrateException;
import crate.api.image.LocalImage;
import crate.linux.Pty;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crate pull [--platform P] [-q] [--tls-verify[=BOOL]] NAME[:TAG|@DIGEST]}, as docker pull. */
@Command(name = "pull", description = {"Pull an image from a registry into crate's store.",
    "  NAME is as Docker's: alpine is docker.io/library/alpine:latest; host[:port]/name[:tag]; name@sha256:..."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class PullCommand implements Callable<Integer> {
    @Option(names = {"-q", "--quiet"}, description = "Print nothing but the image's name at the end")
    boolean quiet;

    @Mixin PullFlags pull = new PullFlags();

    @Parameters(paramLabel = "NAME[:TAG|@DIGEST]", description = "The image")
    String reference;

    @Spec CommandSpec command;

    @Override
    public Integer call() throws CrateException {
        GlobalOptions globals = Main.globals(command);
        PrintWriter out = command.commandLine().getOut();
        LocalImage image = new ImagePull(globals.puller(), out, quiet, Pty.isTerminal(1)).pull(pull.request(reference));
        out.println(ImagePull.fullName(image, reference));
        out.flush();
        return 0;
    }
}
