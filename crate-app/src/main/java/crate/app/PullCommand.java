package crate.app;

import crate.api.CrateException;
import crate.api.image.LocalImage;
import crate.linux.Pty;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate pull [--platform P] [-q] [--tls-verify[=BOOL]] NAME[:TAG|@DIGEST]}, as docker pull. */
final class PullCommand implements Callable<Integer> {
    private boolean quiet;
    private final PullFlags pull = new PullFlags();
    private String reference;
    private CommandSpec command;

    CommandSpec spec() {
        command = CommandModel.of("pull", this, "Pull an image from a registry into crate's store.",
                        "  NAME is as Docker's: alpine is docker.io/library/alpine:latest; host[:port]/name[:tag]; "
                                + "name@sha256:...")
                .declarationOrder()
                .flag("-q, --quiet", "Print nothing but the image's name at the end", v -> quiet = v)
                .with(pull)
                .parameter("NAME[:TAG|@DIGEST]", "The image", v -> reference = v)
                .spec();
        return command;
    }

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
