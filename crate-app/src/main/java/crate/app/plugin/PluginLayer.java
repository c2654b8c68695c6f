package crate.app.plugin;

import crate.api.spi.PluginApi;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * Loads one plugin's jars into a module layer whose parent is crate's own (the image's boot
 * layer): the plugin reads crate.api, crate.linux and the JDK, and nothing of other plugins.
 * Everything that can be checked before a class of the plugin runs is checked here.
 */
final class PluginLayer {
    private PluginLayer() {}

    /** Why a plugin cannot be loaded; the message is shown as it is. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    static ModuleLayer define(PluginSource source) throws RefusedException {
        checkApiVersion(source);
        ModuleFinder finder;
        Set<ModuleReference> modules;
        try {
            finder = ModuleFinder.of(source.jars().toArray(Path[]::new));
            modules = finder.findAll();
        } catch (FindException e) {
            throw new RefusedException("not a valid module: " + message(e));
        }
        ModuleLayer crate = ModuleLayer.boot();
        List<String> roots = new ArrayList<>();
        for (ModuleReference module : modules) {
            String name = module.descriptor().name();
            if (crate.findModule(name).isPresent()) {
                throw new RefusedException("its module " + name + " is one of crate's own");
            }
            roots.add(name);
        }
        try {
            Configuration configuration = crate.configuration().resolve(finder, ModuleFinder.of(), roots);
            return crate.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw new RefusedException("cannot resolve its modules: " + message(e));
        } catch (SecurityException e) {
            throw new RefusedException(message(e));
        }
    }

    /** At least one jar names the API it was built for, and every name given fits this crate. */
    private static void checkApiVersion(PluginSource source) throws RefusedException {
        List<String> declared = new ArrayList<>();
        for (Path jar : source.jars()) {
            Optional<String> version = apiVersion(jar);
            if (version.isPresent()) {
                Optional<String> refusal = PluginApi.incompatibility(version.get());
                if (refusal.isPresent()) {
                    throw new RefusedException(source.jars().size() == 1 ? refusal.get() : jar.getFileName() + ": " + refusal.get());
                }
                declared.add(version.get());
            }
        }
        if (declared.isEmpty()) {
            String none = PluginApi.incompatibility(null).orElseThrow();
            throw new RefusedException(source.jars().size() == 1 ? none
                    : "none of its jars (" + source.jars().stream().map(j -> j.getFileName().toString())
                            .collect(Collectors.joining(", ")) + ") says which crate plugin API it was built for ("
                            + PluginApi.MANIFEST_ATTRIBUTE + ": " + PluginApi.VERSION + ")");
        }
    }

    private static Optional<String> apiVersion(Path jar) throws RefusedException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return Optional.ofNullable(manifest == null ? null
                    : manifest.getMainAttributes().getValue(new Attributes.Name(PluginApi.MANIFEST_ATTRIBUTE)));
        } catch (IOException | SecurityException e) {
            throw new RefusedException(jar.getFileName() + " is not a readable jar: " + message(e));
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
