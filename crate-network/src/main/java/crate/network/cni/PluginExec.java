package crate.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crate.api.CrateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one CNI plugin executable as the spec says: the command and the container in
 * {@code CNI_*} environment variables, the configuration on stdin, the result or error on
 * stdout. The plugin runs in crate's network namespace (where the bridge plugin makes its
 * bridge and firewall rules) and is killed when it overruns its timeout.
 */
final class PluginExec {
    private final List<Path> pluginDirs;
    private final Duration timeout;

    PluginExec(List<Path> pluginDirs, Duration timeout) {
        this.pluginDirs = List.copyOf(pluginDirs);
        this.timeout = timeout;
    }

    /** The executable of plugin {@code type}: the first in the plugin directories (CNI_PATH). */
    Path find(String type) throws CrateException {
        for (Path dir : pluginDirs) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CrateException("CNI plugin \"" + type + "\" not found in " + cniPath().replace(":", ", ")
                + " (Debian: apt-get install containernetworking-plugins)");
    }

    /**
     * Runs {@code command} (ADD, DEL, CHECK) of the plugin {@code config} names, for the network
     * {@code network}; returns its stdout as JSON (null if empty), or throws naming the plugin,
     * the command and what the plugin said.
     */
    JsonNode run(String command, ObjectNode config, CniRuntime container, String network) throws CrateException {
        String type = NetworkConfigList.type(config);
        String what = "CNI plugin " + type + " (network " + network + ", container " + container.containerId() + ") " + command;
        ProcessBuilder builder = new ProcessBuilder(find(type).toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("CNI_")); // only ours: crate's own caller may have set some
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", container.containerId());
        env.put("CNI_NETNS", container.netns());
        env.put("CNI_IFNAME", container.ifName());
        env.put("CNI_PATH", cniPath());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CrateException(what + ": cannot run it: " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(CniJson.write(config).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a plugin that exits without reading its stdin: its status says more
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new CrateException(what + " did not finish within " + seconds(timeout) + ": killed");
            }
            String out = stdout.join();
            JsonNode json = CniJson.tryParse(out);
            if (process.exitValue() != 0) {
                throw new CrateException(what + " failed: " + CniError.describe(json, stderr.join(), process.exitValue()));
            }
            if (json == null && !out.isBlank()) {
                throw new CrateException(what + " printed something that is not JSON: " + firstLine(out));
            }
            return json;
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new CrateException(what + ": interrupted", e);
        } catch (CompletionException e) {
            kill(process);
            throw new CrateException(what + ": cannot read its output: " + e.getCause().getMessage(), e);
        }
    }

    private String cniPath() {
        return String.join(":", pluginDirs.stream().map(Path::toString).toList());
    }

    /** The plugin and anything it started (a plugin may run helpers such as iptables). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        // A thread of its own each: the common pool may be busy or small.
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }
}
