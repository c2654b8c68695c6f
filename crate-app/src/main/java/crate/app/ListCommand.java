package crate.app;

import crate.api.CrateException;
import crate.runtime.Lifecycle;
import crate.runtime.SpecJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crate list [--format table|json] [-q]}: as runc's. */
final class ListCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private String format = "table";
    private boolean quiet;

    ListCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("list", this, "List containers.")
                .option("-f, --format", "table|json", "Output format (default: table)", v -> format = v)
                .flag("-q, --quiet", "Print only the IDs", v -> quiet = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CrateException("--format " + format + ": expected table or json");
        }
        List<Lifecycle.View> views = globals.lifecycle().list();
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
