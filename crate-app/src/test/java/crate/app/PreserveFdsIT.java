package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.spec.Spec;
import crate.app.CrateCli.Result;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --preserve-fds N} against the real kernel: a shell opens fds 3, 4 and 5 and starts
 * crate, which must pass exactly 3 and 4 on, as the process's 3 and 4.
 */
@ExtendWith(NoHostLeaks.class)
class PreserveFdsIT {
    /** The fds crate is started with: 3 to read, 4 to write, 5 that must not reach the container. */
    private static final String OPEN_FDS = "exec 3<\"$IN\" 4>\"$OUT\" 5<\"$SECRET\"; exec \"$@\"";

    @TempDir Path work;
    private Path root;
    private Path in;
    private Path written;
    private Path secret;

    @BeforeEach
    void setUp() throws IOException {
        root = work.resolve("state");
        in = Files.writeString(work.resolve("in.txt"), "read through fd 3\n");
        written = work.resolve("written.txt");
        secret = Files.writeString(work.resolve("secret-fd5.txt"), "not for the container\n");
    }

    @AfterEach
    void noContainerLeft() throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> left = Files.list(root)) {
                for (Path dir : left.toList()) {
                    crate("", "delete", "--force", dir.getFileName().toString());
                }
            }
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "containers left in the state root");
            }
        }
    }

    /** bin/crate --root ROOT ARGS..., from a shell that opened {@code fds} (a script) first. */
    private Result crate(String fds, String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", fds.isEmpty() ? "exec \"$@\"" : fds, "bash",
                CrateCli.IMAGE.resolve("bin/crate").toString(), "--root", root.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(Map.of("IN", in.toString(), "OUT", written.toString(), "SECRET", secret.toString()));
        // Files, not pipes: after create, the container's init keeps crate's stdio open.
        return CrateCli.toFiles(work, builder);
    }

    private String rootfs() {
        return CrateCli.busyboxRootfs().toString();
    }

    @Test
    void runPassesFdsThreeAndFourAndNothingElse() throws IOException {
        // "; true": sh must stay PID 1 (not exec ls) for ls to list sh's fds, not its own.
        Result result = crate(OPEN_FDS, "run", "-r", rootfs(), "--name", "pfd-run", "--preserve-fds", "2",
                "sh", "-c", "cat <&3; echo written through fd 4 >&4; ls /proc/1/fd; cat <&5 || echo fd 5 is closed; true");
        assertEquals(0, result.exit(), result.err());
        assertEquals("read through fd 3\n0\n1\n2\n3\n4\nfd 5 is closed\n", result.out());
        assertEquals("written through fd 4\n", Files.readString(written));
    }

    @Test
    void createAndStartPassTheFdsToTheProcess() throws Exception {
        Path bundle = Files.createDirectories(work.resolve("bundle"));
        Spec spec = DefaultSpec.of(List.of("sh", "-c", "cat <&3 >&4; exec sleep 100"), rootfs(), true);
        Files.write(bundle.resolve("config.json"), SpecJson.write(spec));
        Path pidFile = work.resolve("pid");
        Result created = crate(OPEN_FDS, "create", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(),
                "--preserve-fds", "2", "pfd-create");
        assertEquals(0, created.exit(), created.err());
        Result started = crate("", "start", "pfd-create");
        assertEquals(0, started.exit(), started.err());
        for (int i = 0; i < 500 && Files.size(written) == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals("read through fd 3\n", Files.readString(written));
        // The process itself (sleep, as PID 1 after exec), seen from the host: exactly 0 to 4.
        Path fdDir = Path.of("/proc", Files.readString(pidFile).trim(), "fd");
        try (Stream<Path> fds = Files.list(fdDir)) {
            assertEquals(List.of("0", "1", "2", "3", "4"), fds.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(in, Files.readSymbolicLink(fdDir.resolve("3")));
        assertEquals(written, Files.readSymbolicLink(fdDir.resolve("4")));
        assertEquals(0, crate("", "delete", "--force", "pfd-create").exit());
    }

    @Test
    void execPassesFdsToItsProcess() throws Exception {
        Result running = crate("", "run", "-d", "-r", rootfs(), "--name", "pfd-exec", "sleep", "100");
        assertEquals(0, running.exit(), running.err());
        Result exec = crate(OPEN_FDS, "exec", "--preserve-fds", "2", "pfd-exec",
                "sh", "-c", "cat <&3; echo from exec >&4; cat <&5 || echo fd 5 is closed");
        assertEquals(0, exec.exit(), exec.err());
        assertEquals("read through fd 3\nfd 5 is closed\n", exec.out());
        assertEquals("from exec\n", Files.readString(written));
    }

    @Test
    void fdsThatAreNotOpenAreRefusedAndNothingIsCreated() throws IOException {
        Path bundle = Files.createDirectories(work.resolve("bundle"));
        Files.write(bundle.resolve("config.json"), SpecJson.write(DefaultSpec.of(List.of("true"), rootfs(), true)));

        Result create = crate("exec 3<\"$IN\"; exec \"$@\"", "create", "--bundle", bundle.toString(),
                "--preserve-fds", "2", "pfd-bad");
        assertEquals(125, create.exit());
        // fd 4 was not given to crate: the JVM's runtime image took that number, and is not passed on.
        assertTrue(create.err().startsWith("crate: --preserve-fds 2: fd 4 is not open"), create.err());

        Result run = crate("", "run", "-r", rootfs(), "--name", "pfd-bad", "--preserve-fds", "1", "true");
        assertEquals(125, run.exit());
        assertTrue(run.err().startsWith("crate: --preserve-fds 1: fd 3 is not open"), run.err());

        Result negative = crate("", "run", "-r", rootfs(), "--name", "pfd-bad", "--preserve-fds", "-1", "true");
        assertEquals(125, negative.exit());
        assertEquals("crate: --preserve-fds -1: must be 0 or more\n", negative.err());

        if (Files.exists(root)) {
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "state left behind");
            }
        }
    }
}
