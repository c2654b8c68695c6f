package crate.network.firewall;

import crate.api.CrateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs the firewall's tools ({@code nft}, {@code iptables}) and collects their output.
 *
 * <p>A child inherits the network namespace of the thread that starts it, so the plain runner
 * acts in the calling thread's namespace. The prefix lets tests run every command through
 * {@code nsenter --net=/proc/PID/ns/net} into a namespace the test created.
 *
 * @param prefix words put before every command, usually none
 */
public record CommandRunner(List<String> prefix) {

    /** The outcome of one command. */
    public record Result(int exitStatus, String stdout, String stderr) {
        /** stderr on one line, for an error message. */
        public String stderrLine() {
            String line = stderr.strip().replaceAll("\\s*\\n\\s*", "; ").replaceAll("\\s+", " ");
            return line.isEmpty() ? "exit status " + exitStatus : line;
        }
    }

    public CommandRunner {
        prefix = List.copyOf(prefix);
    }

    /** Runs commands in the calling thread's network namespace. */
    public static CommandRunner direct() {
        return new CommandRunner(List.of());
    }

    /** Runs {@code argv} with {@code stdin} as its input and waits for it. */
    public Result run(List<String> argv, String stdin) throws CrateException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(argv);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new CrateException("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String stdout = readAll(process.getInputStream());
            int status = process.waitFor();
            return new Result(status, stdout, stderr.get());
        } catch (IOException | UncheckedIOException | ExecutionException e) {
            process.destroyForcibly();
            throw new CrateException("running " + String.join(" ", argv) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted while running " + String.join(" ", argv), e);
        }
    }

    /** Whether {@code argv} can be started and exits 0 (to find which tool the host has). */
    public boolean succeeds(List<String> argv) {
        try {
            return run(argv, "").exitStatus() == 0;
        } catch (CrateException e) {
            return false;
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
