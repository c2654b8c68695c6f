package crate.app;

import crate.api.CrateException;
import crate.api.image.PruneReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crate image prune [-a] [-f]}: delete dangling images that no container uses, then
 * the blobs and layers nothing references. It never asks: -f is accepted for Docker's scripts.
 */
@Command(name = "prune", description = "Delete dangling images (with -a: every image no container uses), "
        + "then unreferenced blobs and layers.", mixinStandardHelpOptions = true)
final class ImagePruneCommand implements Callable<Integer> {
    @Option(names = {"-a", "--all"}, description = "Also named images that no container uses")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not ask (crate never asks; accepted as Docker's)")
    boolean force;

    @Spec CommandSpec command;

    @Override
    public Integer call() throws CrateException {
        PruneReport report = Main.globals(command).puller().prune(all);
        PrintWriter out = command.commandLine().getOut();
        if (!report.deleted().isEmpty()) {
            out.println("Deleted Images:");
            report.deleted().forEach(out::println);
            out.println();
        }
        out.println("Total reclaimed space: " + HumanSize.of(report.reclaimedBytes(), 3));
        out.flush();
        return 0;
    }
}
