package crate.app;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import java.util.stream.Collectors;

/**
 * {@code crate ps [--format table|json] ID [PS_ARGS...]}: as runc's. JSON is the list of the
 * container's host pids; the table is ps(1)'s output (default {@code -ef}) cut to the
 * container's processes.
 */
final class PsCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private String format = "table";
    private String id;
    private List<String> psArgs = new ArrayList<>();

    PsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("ps", this, "List the processes of a container.")
                .option("-f, --format", "table|json", null, v -> format = v)
                .parameter("ID", v -> id = v)
                .parameters("PS_ARGS", "Arguments for ps(1) (default: -ef)", "0..*", v -> psArgs = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        List<Integer> pids = globals.lifecycle().processes(ContainerIds.check(id));
        switch (format) {
            case "json" -> System.out.println(pids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
            case "table" -> printTable(Set.copyOf(pids));
            default -> throw new CrateException("--format " + format + ": expected table or json");
        }
        return 0;
    }

    private void printTable(Set<Integer> pids) throws CrateException {
        List<String> argv = new ArrayList<>(List.of("ps"));
        argv.addAll(psArgs.isEmpty() ? List.of("-ef") : psArgs);
        List<String> lines;
        try {
            java.lang.Process ps = new ProcessBuilder(argv).redirectErrorStream(true).start();
            lines = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (ps.waitFor() != 0) {
                throw new CrateException("ps " + String.join(" ", argv.subList(1, argv.size())) + " failed: "
                        + String.join("\n", lines));
            }
        } catch (IOException e) {
            throw new CrateException("cannot run ps: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted");
        }
        if (lines.isEmpty()) {
            return;
        }
        int pidColumn = List.of(lines.getFirst().trim().split("\\s+", 0)).indexOf("PID");
        if (pidColumn < 0) {
            throw new CrateException("ps output has no PID column; use ps options that show it");
        }
        System.out.println(lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+", 0);
            if (fields.length > pidColumn && fields[pidColumn].chars().allMatch(Character::isDigit)
                    && pids.contains(Integer.parseInt(fields[pidColumn]))) {
                System.out.println(line);
            }
        }
    }
}
