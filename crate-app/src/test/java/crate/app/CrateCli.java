package crate.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.network.testing.TestNetns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the jlink image's {@code bin/crate} as a real process, as a user would, for the root
 * integration tests. The image and fixtures come from Maven (failsafe's system properties).
 */
final class CrateCli {
    static final Path IMAGE = Path.of(System.getProperty("crate.image", "crate-app/target/crate"));
    static final Path FIXTURES = Path.of(System.getProperty("crate.fixtures", "target/fixtures"));
    static final Path SCRIPTS = Path.of(System.getProperty("crate.scripts", "scripts"));
    private static final long TIMEOUT_SECONDS = 60;

    record Result(int exit, String out, String err) {}

    private CrateCli() {}

    /** Skips the calling test when not root: the integration tests need a real kernel's privileges. */
    static void assumeRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "integration tests run as root");
    }

    /** The busybox rootfs, built from Debian's busybox-static on first use. */
    static synchronized Path busyboxRootfs() {
        Path rootfs = FIXTURES.resolve("rootfs");
        if (!Files.isExecutable(rootfs.resolve("bin/busybox"))) {
            Result built = exec(List.of(SCRIPTS.resolve("busybox-rootfs.sh").toString(), rootfs.toString()), null);
            if (built.exit() != 0) {
                throw new IllegalStateException("cannot build the busybox rootfs: " + built.err());
            }
        }
        return rootfs.toAbsolutePath();
    }

    static Result crate(String... args) {
        return crateWithInput(null, args);
    }

    static Result crateWithInput(String stdin, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(IMAGE.resolve("bin/crate").toString());
        argv.addAll(List.of(args));
        return exec(argv, stdin);
    }

    /**
     * Starts crate without waiting; the caller owns the process and must end it. Signals are
     * reset to their defaults first: a JVM (rightly) keeps a signal ignored that it inherited
     * ignored, as a background job of a shell inherits SIGINT.
     */
    static Process start(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP"));
        argv.add(IMAGE.resolve("bin/crate").toString());
        argv.addAll(List.of(args));
        try {
            return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs crate with stdout and stderr going to files in {@code dir}, as runc's callers do:
     * after {@code create} the container's init keeps the caller's stdio open, so a pipe
     * would never reach end of file. Stdin is /dev/null.
     */
    static Result crateToFiles(Path dir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(IMAGE.resolve("bin/crate").toString());
        argv.addAll(List.of(args));
        return toFiles(dir, new ProcessBuilder(argv));
    }

    /** Runs {@code builder}'s command as {@link #crateToFiles} runs crate: stdin /dev/null, output to files in {@code dir}. */
    static Result toFiles(Path dir, ProcessBuilder builder) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + builder.command());
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command inside a test's network namespace, behind its guard. */
    static Result inNetns(TestNetns ns, String... argv) {
        return exec(ns.command(List.of(argv)), null);
    }

    static Result exec(List<String> argv, String stdin) {
        try {
            Process process = new ProcessBuilder(argv).start();
            return finish(process, stdin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result finish(Process process, String stdin) throws IOException {
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + process.info().commandLine().orElse("?"));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Sends {@code signal} (a name such as TERM) to {@code pid} with kill(1). */
    static void kill(long pid, String signal) {
        Result result = exec(List.of("kill", "-" + signal, Long.toString(pid)), null);
        if (result.exit() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + ": " + result.err());
        }
    }
}
