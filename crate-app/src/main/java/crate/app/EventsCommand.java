package crate.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import crate.api.CrateException;
import crate.api.spi.CgroupStats;
import crate.api.spi.ContainerCgroup;
import crate.runtime.Lifecycle;
import crate.runtime.SpecJson;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code crate events}: runc's JSON lines. {@code --stats} prints the container's usage once;
 * otherwise the usage every interval and an "oom" event whenever the OOM killer struck,
 * until the container stops.
 */
final class EventsCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final GlobalOptions globals;
    private boolean stats;
    private String interval = "5s";
    private String id;

    EventsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("events", this, "Show a container's resource usage and OOM kills as JSON lines.")
                .flag("--stats", "Print the usage once and exit", v -> stats = v)
                .option("--interval", "DURATION", "How often to print the usage (default 5s)", v -> interval = v)
                .parameter("ID", v -> id = v)
                .spec();
    }

    /** One line of runc's events: type "stats" with data, or "oom". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(String type, String id, CgroupStats data) {}

    @Override
    public Integer call() throws CrateException {
        String checked = ContainerIds.check(id);
        Duration every = parse(interval);
        Lifecycle lifecycle = globals.lifecycle();
        ContainerCgroup cgroup = lifecycle.cgroup(checked);
        PrintStream out = System.out;
        if (stats) {
            print(out, new Event("stats", checked, cgroup.stats()));
            return 0;
        }
        long oomKills = cgroup.oomKills();
        while (true) {
            long now = cgroup.oomKills();
            if (now > oomKills) {
                print(out, new Event("oom", checked, null));
                oomKills = now;
            }
            print(out, new Event("stats", checked, cgroup.stats()));
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            try {
                lifecycle.cgroup(checked);
            } catch (CrateException stopped) {
                return 0;
            }
        }
    }

    private static void print(PrintStream out, Event event) {
        out.println(new String(SpecJson.writeLine(event), StandardCharsets.UTF_8));
        out.flush();
    }

    static Duration parse(String text) throws CrateException {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new CrateException("--interval " + text + ": not a duration such as 500ms, 5s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
