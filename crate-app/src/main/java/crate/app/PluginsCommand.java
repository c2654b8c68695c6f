package crate.app;

import crate.api.CrateException;
import crate.app.plugin.PluginCatalog;
import crate.app.plugin.PluginKind;
import crate.runtime.SpecJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate plugins}: every provider crate runs with (its kind, name, module, version and
 * origin: built in, or the plugin jar), then the plugins that were skipped and why.
 */
final class PluginsCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private String format = "table";

    PluginsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("plugins", this, "List the plugins: crate's own and those of the plugin directory.")
                .option("-f, --format", "table|json", "Output format (default: table)", v -> format = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CrateException("--format " + format + ": expected table or json");
        }
        PluginCatalog catalog = PluginCatalog.load(globals.pluginDir(), EnumSet.allOf(PluginKind.class));
        if (format.equals("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("pluginApi", crate.api.spi.PluginApi.VERSION);
            json.put("pluginDir", globals.pluginDir().toString());
            json.put("plugins", catalog.provided().stream().map(p -> {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("kind", p.kind().label());
                entry.put("name", p.name());
                entry.put("module", p.module());
                entry.put("version", p.version());
                entry.put("origin", p.origin());
                return entry;
            }).toList());
            json.put("broken", catalog.broken().stream().map(b -> Map.of("origin", b.origin(), "reason", b.reason())).toList());
            System.out.println(new String(SpecJson.writeValue(json), StandardCharsets.UTF_8));
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KIND", "NAME", "MODULE", "VERSION", "ORIGIN"});
        for (PluginCatalog.Provided p : catalog.provided()) {
            rows.add(new String[] {p.kind().label(), p.name(), p.module(), p.version(), p.origin()});
        }
        Table.print(rows, System.out);
        if (!catalog.broken().isEmpty()) {
            System.out.println();
            System.out.println("Skipped (broken):");
            for (PluginCatalog.Broken broken : catalog.broken()) {
                System.out.println("  " + broken.origin() + ": " + broken.reason());
            }
        }
        return 0;
    }
}
