package crate.app;

import crate.api.CrateException;
import crate.runtime.Lifecycle;
import crate.runtime.SpecJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code crate list [--format table|json] [-q]}: as runc's. */
@Command(name = "list", description = "List containers.", mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = {"-f", "--format"}, paramLabel = "table|json", description = "Output format (default: table)")
    String format = "table";

    @Option(names = {"-q", "--quiet"}, description = "Print only the IDs")
    boolean quiet;

    @Override
    public Integer call() throws CrateException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CrateException("--format " + format + ": expected table or json");
        }
        List<Lifecycle.View> views = main.globals.lifecycle().list();
        if (quiet) {
            views.forEach(v -> System.out.println(v.state().id()));
        } else if (format.equals("json")) {
            System.out.println(new String(SpecJson.writeValue(views.stream().map(StateCommands::json).toList()),
                    StandardCharsets.UTF_8));
        } else {
            printTable(views);
        }
        return 0;
    }

    private static void printTable(List<Lifecycle.View> views) {
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
        for (Lifecycle.View view : views) {
            var json = StateCommands.json(view);
            rows.add(new String[] {json.id(), Integer.toString(json.pid()), json.status(), json.bundle(), json.created(), json.owner()});
        }
        Table.print(rows, System.out);
    }
}
