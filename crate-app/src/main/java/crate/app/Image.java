package crate.app;

import crate.runtime.InitCommand;
import java.nio.file.Path;
import java.util.List;

/** The jlink image crate runs from, and how to start {@code crate init} from it. */
final class Image {
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
     */
    static InitCommand initCommand() {
        Path home = home();
        String java = home.resolve("bin/java").toString();
        return new InitCommand(java, List.of(
                java,
                "-XX:-UsePerfData",
                "-XX:-UseContainerSupport",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xms8m",
                "-Xmx64m",
                "-Djna.boot.library.path=" + home.resolve("lib"),
                "-Djna.nounpack=true",
                "-m",
                "crate.app/crate.app.InitMain"));
    }
}
