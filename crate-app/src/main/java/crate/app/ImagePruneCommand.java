package crate.app;

import crate.api.CrateException;
import crate.api.image.PruneReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate image prune [-a] [-f]}: delete dangling images that no container uses, then
 * the blobs and layers nothing references. It never asks: -f is accepted for Docker's scripts.
 */
final class ImagePruneCommand implements Callable<Integer> {
    private boolean all;
    private CommandSpec command;

    CommandSpec spec() {
        command = CommandModel.of("prune", this, "Delete dangling images (with -a: every image no container uses), "
                        + "then unreferenced blobs and layers.")
                .flag("-a, --all", "Also named images that no container uses", v -> all = v)
                .flag("-f, --force", "Do not ask (crate never asks; accepted as Docker's)", v -> { /* crate never asks */ })
                .spec();
        return command;
    }

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
