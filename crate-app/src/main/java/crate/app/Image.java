package crate.app;

import crate.runtime.InitCommand;
import crate.runtime.InitStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The jlink image crate runs from, and how to start {@code crate init} from it. */
final class Image {
    /** The image's AOT cache for init's JVM (JEP 483), built by src/build/aot-train.sh. */
    static final String INIT_AOT_CACHE = "lib/init.aot";
    /**
     * Set only by the build's training run ({@link AotTraining}): init then records its AOT
     * configuration to this host path (opened at init's start) instead of using the cache.
     */
    static final String INIT_AOT_RECORD = "crate.aot.initConfiguration";

    private Image() {}

    /** The image's root: set by bin/crate, else the running JDK's home. */
    static Path home() {
        String image = System.getProperty("crate.image");
        return Path.of(image != null ? image : System.getProperty("java.home")).toAbsolutePath().normalize();
    }

    /**
     * init is PID 1 of a fresh PID namespace and lives only until it executes the
     * container's process: no perf data file (it would be PID 1's in every container),
     * serial GC, C1 only, a small heap. No container detection: init sits in namespaces
     * where the JVM would misread the cgroups (and warn on stdout, which is the container's).
     * Init loads the same plugins as the runtime: told where they are only when there may be
     * some, so that a host without plugins pays nothing for them.
     * The AOT cache holds init's classes loaded and linked: a missing or unusable one is
     * ignored (AOTMode auto), and its messages are turned off, as the JVM would otherwise
     * print them on stdout, which is the container's.
     */
    static InitCommand initCommand(Path pluginDir) {
        Path home = home();
        String java = home.resolve("bin/java").toString();
        List<String> argv = new ArrayList<>(List.of(
                java,
                "-XX:-UsePerfData",
                "-XX:-UseContainerSupport",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xms8m",
                "-Xmx64m",
                "-Djna.boot.library.path=" + home.resolve("lib"),
                "-Djna.nounpack=true",
                "-Xlog:aot*=off,cds*=off"));
        String record = System.getProperty(INIT_AOT_RECORD);
        if (record != null) {
            argv.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + record,
                    "-D" + InitStage.NO_START_GATE + "=true"));
        } else {
            argv.add("-XX:AOTCache=" + home.resolve(INIT_AOT_CACHE));
        }
        if (Files.isDirectory(pluginDir)) {
            argv.add("-D" + PluginLoader.INIT_PLUGIN_DIR + "=" + pluginDir.toAbsolutePath());
        }
        argv.addAll(List.of("-m", "crate.app/crate.app.InitMain"));
        return new InitCommand(java, argv);
    }
}
