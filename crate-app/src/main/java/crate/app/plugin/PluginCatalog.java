package crate.app.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every provider crate runs with: its own (the image's modules) and those of the plugins in
 * the plugin directory, each plugin in a module layer of its own ({@link PluginLayer}). A
 * plugin that cannot be loaded, or a provider that fails to instantiate or takes a name that
 * is already taken, is set aside as {@link Broken} with the reason: never fatal.
 */
public final class PluginCatalog {
    /** Where crate's own providers come from, as {@code crate plugins} shows it. */
    public static final String BUILT_IN = "built-in";

    /** A provider that joined. */
    public record Provided(PluginKind kind, String name, String module, String version, String origin, Object provider) {}

    /** A plugin, or one provider of it, that was skipped, and why. */
    public record Broken(String origin, String reason) {}

    private final Map<String, Provided> provided = new LinkedHashMap<>(); // by kind and name
    private final List<Broken> broken = new ArrayList<>();

    private PluginCatalog() {}

    /**
     * crate's own providers of {@code kinds}, then the plugins' from {@code pluginDir}. A
     * missing directory holds no plugins; a null one means crate's own only.
     */
    public static PluginCatalog load(Path pluginDir, Set<PluginKind> kinds) {
        PluginCatalog catalog = new PluginCatalog();
        for (PluginKind kind : kinds) {
            catalog.addAll(kind, ServiceLoader.load(kind.type()), null, BUILT_IN);
        }
        if (pluginDir == null) {
            return catalog;
        }
        List<PluginSource> sources;
        try {
            sources = PluginSource.scan(pluginDir);
        } catch (IOException e) {
            catalog.broken.add(new Broken(pluginDir.toString(), "cannot read the plugin directory: " + e.getMessage()));
            return catalog;
        }
        for (PluginSource source : sources) {
            ModuleLayer layer;
            try {
                layer = PluginLayer.define(source);
            } catch (PluginLayer.RefusedException e) {
                catalog.broken.add(new Broken(source.origin().toString(), e.getMessage()));
                continue;
            }
            int before = catalog.provided.size();
            int brokenBefore = catalog.broken.size();
            for (PluginKind kind : kinds) {
                catalog.addAll(kind, ServiceLoader.load(layer, kind.type()), layer, source.origin().toString());
            }
            if (catalog.provided.size() == before && catalog.broken.size() == brokenBefore
                    && kinds.containsAll(EnumSet.allOf(PluginKind.class))) {
                catalog.broken.add(new Broken(source.origin().toString(),
                        "it provides none of crate's plugin interfaces (module-info: provides crate.api.spi.Isolator with ...)"));
            }
        }
        return catalog;
    }

    public List<Provided> provided() {
        return List.copyOf(provided.values());
    }

    public List<Broken> broken() {
        return List.copyOf(broken);
    }

    /** The providers of one kind, crate's own first. */
    public <T> List<T> all(PluginKind kind, Class<T> type) {
        return provided.values().stream().filter(p -> p.kind() == kind).map(p -> type.cast(p.provider())).toList();
    }

    /**
     * Instantiates the providers of {@code loader}: with a plugin's {@code layer}, only those
     * of that layer (the loader also sees crate's own, which are in already).
     */
    private void addAll(PluginKind kind, ServiceLoader<?> loader, ModuleLayer layer, String origin) {
        Iterator<? extends ServiceLoader.Provider<?>> providers = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<?> provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                // The provider list itself is broken: nothing more can be found in it.
                broken.add(new Broken(origin, "its " + kind.label() + " providers cannot be listed: " + describe(e)));
                return;
            }
            Module module = provider.type().getModule();
            if (layer != null && module.getLayer() != layer) {
                continue;
            }
            try {
                add(kind, provider.get(), module, origin);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                broken.add(new Broken(origin, "its " + kind.label() + " " + provider.type().getName()
                        + " cannot be loaded: " + describe(e)));
            }
        }
    }

    private void add(PluginKind kind, Object instance, Module module, String origin) {
        String name = kind.nameOf(instance);
        String key = kind.label() + "/" + name;
        Provided taken = provided.get(key);
        if (taken != null) {
            broken.add(new Broken(origin, kind.label() + " \"" + name + "\" of " + module.getName()
                    + " is skipped: " + taken.module() + " (" + taken.origin() + ") provides it already"));
            return;
        }
        String version = module.getDescriptor() == null ? "-" : module.getDescriptor().rawVersion().orElse("-");
        provided.put(key, new Provided(kind, name, module.getName() == null ? "(class path)" : module.getName(), version,
                origin, instance));
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
        }
        return text.toString();
    }
}
