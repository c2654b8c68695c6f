package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Commands: a command line gets only the command its arguments invoke, and behaves exactly as
 * the whole tree does (which an empty argument list registers).
 */
class CommandsTest extends CommandLineHarness {
    private static final CommandSpec ROOT = Main.spec();

    private static String invoked(String line) {
        return Commands.invoked(ROOT, line.isEmpty() ? new String[0] : line.split(" "));
    }

    @Test
    void theCommandIsTheFirstArgumentAfterTheGlobalOptions() {
        assertEquals("run", invoked("run --bundle b id"));
        assertEquals("run", invoked("--root /r --cgroup-manager=disabled run --bundle b id"));
        assertEquals("state", invoked("--config c --root=/r --debug --systemd-cgroup --log f --log-format json state x"));
        assertEquals("image", invoked("image ls"));
        assertEquals("list", invoked("--log-format=text list -q"));
    }

    @Test
    void versionAloneNeedsNoCommand() {
        assertEquals("", invoked("--version"));
        assertEquals("", invoked("--root /r -V"));
    }

    /** Whatever picocli parses in a way of its own, or lists all commands for, gets them all. */
    @ParameterizedTest
    @ValueSource(strings = {"", "--debug", "--help", "-h", "--root /r --help", "--version run", "-V --debug", "frobnicate",
        "help run", "--frobnicate run", "--root", "--root -x list", "--root=/r --log", "--root state list", "--debug=true list",
        "-- run", "@args", "--root @r list", "-hV", "RUN"})
    void unclearArgumentsGetAllCommands(String line) {
        assertNull(invoked(line), line);
    }

    @Test
    void onlyTheInvokedCommandIsRegistered() {
        String[] args = {"--root", "/r", "run", "-r", "/x", "sh"};
        Map<String, CommandLine> commands = Main.commandLine(args).getSubcommands();
        assertEquals(Set.of("run"), commands.keySet());
        assertTrue(commands.get("run").isStopAtPositional());
        assertEquals(Set.of(), Main.commandLine(new String[] {"--version"}).getSubcommands().keySet());
        CommandLine image = Main.commandLine(new String[] {"image", "ls"}).getSubcommands().get("image");
        assertEquals(Set.of("prune", "ls", "list", "pull", "rm"), image.getSubcommands().keySet());
    }

    @Test
    void theWholeTreeHasEveryCommandUnderItsOwnName() {
        Map<String, CommandLine> commands = Main.commandLine(new String[0]).getSubcommands();
        assertEquals(List.copyOf(Commands.names()), List.copyOf(commands.keySet()));
        assertEquals(23, commands.size());
        commands.forEach((name, command) -> assertEquals(name, command.getCommandSpec().name()));
        for (String name : List.of("run", "exec", "ps")) {
            assertTrue(commands.get(name).isStopAtPositional(), name);
        }
        assertEquals(Set.of("prune", "ls", "list", "pull", "rm"), commands.get("image").getSubcommands().keySet());
    }

    static Stream<String> lines() {
        List<String> lines = new ArrayList<>(List.of("", "--help", "-h", "--version", "-V", "--version run", "frobnicate",
                "help", "help run", "--frobnicate", "--root", "--root /x state", "--root state list", "-- run",
                "--cgroup-manager=disabled run --bundle", "run --frobnicate sh", "run", "exec", "ps", "state", "kill",
                "image", "image frob", "image ls --help", "image list --help", "image pull --help", "image rm --help",
                "image prune --help", "config", "config show --help", "config path --help", "--debug run --frobnicate"));
        for (String name : Commands.names()) {
            lines.add(name + " --help");
            lines.add("--root /r " + name + " -h");
        }
        return lines.stream();
    }

    /** Help, version and argument errors: status, stdout and stderr, with one command as with all. */
    @ParameterizedTest
    @MethodSource("lines")
    void oneCommandBehavesAsTheWholeTree(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertEquals(run(Main.commandLine(new String[0]), args), run(Main.commandLine(args), args), line);
    }

    private static String run(CommandLine cli, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return "status " + status + "\nout:\n" + out + "\nerr:\n" + err;
    }
}
