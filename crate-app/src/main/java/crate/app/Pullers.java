package crate.app;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.api.spi.Puller;
import crate.app.config.CrateConfig;
import crate.app.plugin.PluginKind;
import java.util.List;
import java.util.stream.Collectors;

/** The image puller crate works with: chosen among the plugins, told the configuration's settings. */
final class Pullers {
    private Pullers() {}

    /** {@code runtime.data_root} and {@code [images]} as a puller takes them. */
    static ImageSettings settings(CrateConfig config) {
        CrateConfig.ImageSettings images = config.images();
        return new ImageSettings(config.runtime().dataRoot(), images.registries(), images.insecureRegistries(),
                images.mirrors(), images.credentials(), images.parallelDownloads());
    }

    /** The configured puller (images.puller, else the first found, crate's own first), with its settings. */
    static Puller load(CrateConfig config) throws CrateException {
        List<Puller> found = PluginLoader.catalog(config.runtime().pluginDir()).all(PluginKind.PULLER, Puller.class);
        return choose(found, config.images().puller(), config)
                .withSettings(settings(config));
    }

    /** {@code name} among {@code found}; "" is the first. */
    static Puller choose(List<Puller> found, String name, CrateConfig config) throws CrateException {
        if (found.isEmpty()) {
            throw new CrateException("no image puller: crate has none built in and the plugin directory "
                    + config.runtime().pluginDir() + " provides none (crate plugins lists them)");
        }
        if (name.isEmpty()) {
            return found.getFirst();
        }
        return found.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new CrateException("images.puller \"" + name + "\": no such image puller (installed: "
                        + found.stream().map(Puller::name).collect(Collectors.joining(", ")) + ")"));
    }
}
