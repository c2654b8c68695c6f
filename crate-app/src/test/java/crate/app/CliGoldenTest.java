package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's help, version and argument errors, pinned: each case's exit status,
 * stdout and stderr are compared with a golden file made from the annotated picocli model
 * before it became a programmatic one, so that the conversion cannot change what users and
 * tools see. {@code -Dcrate.golden.write=true} rewrites the files (then review the diff).
 */
class CliGoldenTest extends CommandLineHarness {
    private static final Path GOLDEN = Path.of("src/test/resources/crate/app/cli-golden");

    /** Every command and subcommand's help, then invocations that picocli or a command refuses. */
    static Stream<String> lines() {
        List<String> lines = new ArrayList<>(List.of("", "--help", "-h", "--version", "-V", "help", "help run",
                "help image", "--root /r --help", "state -V", "run --version", "image -V", "image ls -V", "config show -V",
                "--root /r state -h"));
        for (String name : Commands.names()) {
            lines.add(name + " --help");
        }
        for (String sub : List.of("ls", "list", "pull", "rm", "prune")) {
            lines.add("image " + sub + " --help");
        }
        lines.addAll(List.of("config show --help", "config path --help",
                // unknown options and commands
                "frobnicate", "--frobnicate", "--frobnicate state x", "state --frobnicate x", "image frob", "config frob",
                // missing parameters and option values
                "--root", "--log-format", "state", "start", "kill", "delete", "create", "exec", "ps", "pause",
                "resume", "update", "events", "inspect", "pull", "rmi", "create --pid-file", "list --format",
                "run -b", "run --memory", "run --cap-add", "kill -a", "image", "config",
                // too many parameters
                "state a b", "kill a TERM extra", "list extra", "features extra", "images extra", "spec extra",
                // bad values
                "--debug=maybe list", "delete --force=maybe x", "create --preserve-fds x id", "update --blkio-weight x id",
                "update --cpu-shares abc id", "exec -g abc id sh", "stop --time x id", "pull --tls-verify=maybe x",
                "list --format xml", "kill x NOSIG", "run -w tmp sh", "run -e =1 sh", "run --pull sometimes sh",
                // an option of another command
                "state --force x", "start --all x", "list --bundle b", "delete --format json x", "--force state x",
                // an argument file
                "@src/test/resources/crate/app/cli-golden/state-help.args"));
        return lines.stream();
    }

    @ParameterizedTest
    @MethodSource("lines")
    void asBefore(String line) throws IOException {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ", -1);
        int status = crate(args);
        String actual = "crate " + line + "\nstatus " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        Path file = GOLDEN.resolve(fileName(line));
        if (Boolean.getBoolean("crate.golden.write")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, line);
    }

    /** The case's file: its arguments, with what a file name should not hold replaced. */
    private static String fileName(String line) {
        String name = line.isEmpty() ? "no-arguments" : line.replace("/", "_").replace(' ', '_');
        return (name.startsWith("-") ? "_" + name : name) + ".golden";
    }
}
