package crate.network.cni;

import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The cni driver in a JVM of its own, for {@link CniPluginsIT}: the plugins act in the caller's
 * network namespace, so the test starts this inside a namespace of its own, never its JVM's.
 * Arguments: {@code attach|check|detach CONF_DIR DATA_ROOT ID NETWORK PID}. Prints attach's
 * report as {@code KEY=VALUE} lines; a failure is one line on stderr and exit status 1.
 */
public final class CniDriverMain {
    private CniDriverMain() {}

    public static void main(String[] args) {
        NetworkSettings d = NetworkSettings.defaults();
        NetworkDriver driver = new CniDriver().withSettings(new NetworkSettings(d.bridge(), d.subnet(), d.mtu(),
                d.firewall(), d.dns(), d.stateRoot(), Path.of(args[2]), List.of(Path.of(args[1])), d.cniPluginDirs()));
        ContainerContext container = new ContainerContext(args[3], "/bundle", null, "host",
                Map.of(ContainerContext.NETWORK, "cni:" + args[4]));
        int pid = Integer.parseInt(args[5]);
        try {
            switch (args[0]) {
                case "attach" -> driver.attach(container, pid).forEach((k, v) -> System.out.println(k + "=" + v));
                case "check" -> driver.check(container, pid);
                case "detach" -> driver.detach(container);
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (CrateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
