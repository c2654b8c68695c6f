package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.Hook;
import crate.api.spec.Hooks;
import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real hooks: small shell scripts run with posix_spawn from this JVM. */
class HookRunnerTest {
    @TempDir Path dir;

    @TempDir Path bundle;
    private State state;

    @BeforeEach
    void setUp() {
        state = new State("1.2.0", "hooks-unit", State.Status.CREATING, 4242, bundle.toString(),
                Map.of("org.example.key", "value"));
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static Spec spec(Hooks hooks) {
        return new Spec("1.2.0", new Process(false, null, List.of("true"), List.of(), "/", false),
                new Root("rootfs", false), null, null, List.of(), null, Map.of()).withHooks(hooks);
    }

    private static Spec prestart(Hook... hooks) {
        return spec(new Hooks(List.of(hooks), null, null, null, null, null));
    }

    private static Spec poststop(Hook... hooks) {
        return spec(new Hooks(null, null, null, null, null, List.of(hooks)));
    }

    private static Hook hook(Path path, Integer timeout, String... args) {
        return new Hook(path.toString(), List.of(args), List.of(), timeout);
    }

    @Test
    void theStateArrivesOnStdinAsOneLineOfJson() throws Exception {
        Path out = dir.resolve("stdin");
        Path hook = script("h", "cat > " + out);
        HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(hook, null)), state);
        assertEquals("{\"ociVersion\":\"1.2.0\",\"id\":\"hooks-unit\",\"status\":\"creating\",\"pid\":4242,"
                + "\"bundle\":\"" + bundle + "\",\"annotations\":{\"org.example.key\":\"value\"}}", Files.readString(out));
    }

    @Test
    void argvIsExactlyArgsArgvZeroIncluded() throws Exception {
        Path out = dir.resolve("cmdline");
        // The shell's own argv, as the kernel recorded it (a script's argv[0] would be rewritten by #!).
        Hook hook = new Hook("/bin/sh", List.of("custom-argv0", "-c", "tr '\\0' '|' < /proc/$$/cmdline > " + out, "x y"),
                List.of(), null);
        HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook), state);
        assertEquals("custom-argv0|-c|tr '\\0' '|' < /proc/$$/cmdline > " + out + "|x y|", Files.readString(out));
    }

    @Test
    void withoutArgsArgvIsThePath() throws Exception {
        assertEquals(List.of("/bin/hook"), HookRunner.argv(new Hook("/bin/hook", null, null, null)));
        assertEquals(List.of("a", "b"), HookRunner.argv(new Hook("/bin/hook", List.of("a", "b"), null, null)));
    }

    @Test
    void environmentIsExactlyEnvAndEmptyWithoutIt() throws Exception {
        Path out = dir.resolve("environ");
        String body = "tr '\\0' '\\n' < /proc/$$/environ > " + out;
        HookRunner.run(HookRunner.Kind.PRESTART, prestart(new Hook("/bin/sh", List.of("sh", "-c", body),
                List.of("A=1", "B=two words"), null)), state);
        assertEquals("A=1\nB=two words\n", Files.readString(out));
        HookRunner.run(HookRunner.Kind.PRESTART, prestart(new Hook("/bin/sh", List.of("sh", "-c", body), null, null)), state);
        assertEquals("", Files.readString(out));
    }

    @Test
    void aNonZeroExitNamesKindPathStatusAndFirstLineOfStderr() throws Exception {
        Path hook = script("fails", "echo on stdout; echo >&2; echo '  no network here  ' >&2; echo more >&2; exit 3");
        CrateException e = assertThrows(CrateException.class,
                () -> HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(hook, null)), state));
        assertEquals("prestart hook " + hook + " failed: exit status 3: no network here", e.getMessage());
        assertEquals(CrateException.RUNTIME_ERROR, e.exitStatus());
    }

    @Test
    void aSignalAndASilentFailureAreNamedToo() throws Exception {
        Path killed = script("killed", "kill -TERM $$");
        CrateException e = assertThrows(CrateException.class,
                () -> HookRunner.run(HookRunner.Kind.CREATE_RUNTIME,
                        spec(new Hooks(null, List.of(hook(killed, null)), null, null, null, null)), state));
        assertEquals("createRuntime hook " + killed + " failed: killed by signal 15", e.getMessage());
        Path silent = script("silent", "exit 1");
        e = assertThrows(CrateException.class,
                () -> HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(silent, null)), state));
        assertEquals("prestart hook " + silent + " failed: exit status 1", e.getMessage());
    }

    @Test
    void aMissingOrNonExecutableHookCannotBeExecuted() throws Exception {
        Path missing = dir.resolve("nowhere");
        CrateException e = assertThrows(CrateException.class,
                () -> HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(missing, null)), state));
        assertTrue(e.getMessage().startsWith("prestart hook " + missing + " cannot be executed: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(ENOENT)"), e.getMessage());
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "#!/bin/sh\n");
        e = assertThrows(CrateException.class,
                () -> HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(plain, null)), state));
        assertTrue(e.getMessage().endsWith("(EACCES)"), e.getMessage());
    }

    @Test
    void aHookPastItsTimeoutIsKilledWithItsChildrenAndReaped() throws Exception {
        Path childPid = dir.resolve("child");
        Path hook = script("slow", "echo starting >&2; sleep 30 & echo $! > " + childPid + "; wait");
        long start = System.nanoTime();
        CrateException e = assertThrows(CrateException.class,
                () -> HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(hook, 1)), state));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("prestart hook " + hook + " timed out after 1 s and was killed: starting", e.getMessage());
        assertTrue(millis >= 1000 && millis < 5000, "took " + millis + " ms");
        // The hook's child (same process group) was killed as well.
        long child = Long.parseLong(Files.readString(childPid).strip());
        assertTrue(waitUntilGone(child), "the hook's child " + child + " still runs");
        // The hook itself was reaped by the runner: it is not a child of this JVM any more.
        assertEquals(0, ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("sh")).count());
    }

    private static boolean waitUntilGone(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            try {
                String[] fields = Files.readString(stat).split("\\) ", 2);
                if (fields.length == 2 && fields[1].startsWith("Z")) {
                    return true; // dead, waiting for its new parent to reap it
                }
            } catch (IOException gone) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void aFastHookIsNotSlowedByItsTimeout() throws Exception {
        Path hook = script("fast", "exit 0");
        long start = System.nanoTime();
        HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(hook, 10)), state);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2000);
    }

    @Test
    void aHookMayIgnoreItsStdinEvenWithLargeState() throws Exception {
        Map<String, String> big = Map.of("big", "x".repeat(1 << 20));
        State large = new State("1.2.0", "hooks-unit", State.Status.RUNNING, 1, bundle.toString(), big);
        HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(script("ignores", "exit 0"), 5)), large);
    }

    @Test
    void runStopsAtTheFirstFailureInOrder() throws Exception {
        Path log = dir.resolve("log");
        Path first = script("first", "echo first >> " + log);
        Path fails = script("fails", "echo fails >> " + log + "; exit 2");
        Path never = script("never", "echo never >> " + log);
        assertThrows(CrateException.class,
                () -> HookRunner.run(HookRunner.Kind.PRESTART, prestart(hook(first, null), hook(fails, null), hook(never, null)), state));
        assertEquals("first\nfails\n", Files.readString(log));
    }

    @Test
    void runAllGoesOnAfterAFailureAndReturnsWarnings() throws Exception {
        Path log = dir.resolve("log");
        Path fails = script("fails", "echo oops >&2; exit 2");
        Path after = script("after", "echo after >> " + log);
        List<String> warnings = HookRunner.runAll(HookRunner.Kind.POSTSTOP, poststop(hook(fails, null), hook(after, null)),
                state);
        assertEquals(List.of("poststop hook " + fails + " failed: exit status 2: oops"), warnings);
        assertEquals("after\n", Files.readString(log, StandardCharsets.UTF_8));
        assertEquals(List.of(), HookRunner.runAll(HookRunner.Kind.POSTSTOP, poststop(hook(after, null)), state));
    }

    @Test
    void noHooksRunNothing() throws Exception {
        HookRunner.run(HookRunner.Kind.PRESTART, spec(null), state);
        assertEquals(List.of(), HookRunner.runAll(HookRunner.Kind.POSTSTART, spec(null), state));
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent());
        }
    }

    @Test
    void theRuntimesHooksStartInTheBundleTheContainersWhereTheCallerIs() throws Exception {
        Path out = dir.resolve("cwd");
        Hook pwd = new Hook("/bin/sh", List.of("sh", "-c", "pwd -P >> " + out), List.of(), null);
        for (HookRunner.Kind kind : HookRunner.Kind.values()) {
            HookRunner.run(kind, spec(new Hooks(List.of(pwd), List.of(pwd), List.of(pwd), List.of(pwd), List.of(pwd),
                    List.of(pwd))), state);
        }
        String here = Path.of("").toAbsolutePath().toRealPath().toString();
        String there = bundle.toRealPath().toString();
        assertEquals(List.of(there, there, here, here, there, there), Files.readAllLines(out));
    }

    @Test
    void kindsAreTheSpecsNamesInLifecycleOrder() {
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                java.util.Arrays.stream(HookRunner.Kind.values()).map(HookRunner.Kind::specName).toList());
    }

    @Test
    void stateOfAContext() {
        Spec spec = spec(null);
        spec = new Spec("1.0.2", spec.process(), spec.root(), null, null, List.of(), null, Map.of("k", "v"));
        ContainerContext context = new ContainerContext("hooks-c", "/srv/b", spec, "bundle");
        assertEquals(new State("1.0.2", "hooks-c", State.Status.STOPPED, 0, "/srv/b", Map.of("k", "v")),
                HookRunner.state(context, State.Status.STOPPED, 0));
    }

    @Test
    void firstLine() {
        assertEquals("", HookRunner.firstLine(""));
        assertEquals("a b", HookRunner.firstLine("\n \n  a b \nc\n"));
    }
}
