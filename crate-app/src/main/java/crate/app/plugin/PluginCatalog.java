package crate.app.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every provider crate runs with: its own (the image's modules) and those of the plugins in
 * the plugin directory, each plugin in a module layer of its own ({@link PluginLayer}). A
 * plugin that cannot be loaded, or a provider that fails to instantiate or takes a name that
 * is already taken, is set aside as {@link Broken} with the reason: never fatal.
 *
 * <p>Each kind is loaded at its first {@link #all}, and once: a command pays only for the kinds
 * it uses. The plugin directory is scanned, and its plugins' layers defined, at the first kind's
 * load. Each {@link Broken} goes to the listener as it is found, so once: a plugin refused as
 * a whole with the first kind loaded, a provider that fails with its own kind.
 */
public final class PluginCatalog {
    /** Where crate's own providers come from, as {@code crate plugins} shows it. */
    public static final String BUILT_IN = "built-in";

    /** A provider that joined. */
    public record Provided(PluginKind kind, String name, String module, String version, String origin, Object provider) {}

    /** A plugin, or one provider of it, that was skipped, and why. */
    public record Broken(String origin, String reason) {}

    /**
     * What was found, with where it comes from: 0 for crate's own, 1 for the plugin directory
     * itself, 2 + i for its i-th plugin. {@code crate plugins} lists by source, then kind, as
     * when every kind was loaded at once.
     */
    private record Found<T>(int source, T item) {}

    private static final int OWN = 0;
    private static final int DIRECTORY = 1;
    private static final int FIRST_PLUGIN = 2;

    private final Path pluginDir;
    private final Consumer<Broken> onBroken;
    private final Map<PluginKind, List<Provided>> loaded = new EnumMap<>(PluginKind.class);
    private final List<Found<Provided>> provided = new ArrayList<>(); // in the order found
    private final List<Found<Broken>> broken = new ArrayList<>();
    private List<PluginSource> sources; // null until the directory is scanned
    private final List<ModuleLayer> layers = new ArrayList<>(); // the sources', null where refused

    private PluginCatalog(Path pluginDir, Consumer<Broken> onBroken) {
        this.pluginDir = pluginDir;
        this.onBroken = onBroken;
    }

    /**
     * crate's own providers, then the plugins' from {@code pluginDir}, each kind loaded at its
     * first {@link #all}; nothing is loaded here. A missing directory holds no plugins; a null
     * one means crate's own only.
     *
     * @param onBroken told of each plugin or provider skipped, once, when it is found
     */
    public static PluginCatalog lazy(Path pluginDir, Consumer<Broken> onBroken) {
        return new PluginCatalog(pluginDir, onBroken);
    }

    /**
     * {@code kinds} loaded now ({@code crate plugins}). With every kind, a plugin that
     * provides none of them is broken too.
     */
    public static PluginCatalog load(Path pluginDir, Set<PluginKind> kinds) {
        PluginCatalog catalog = new PluginCatalog(pluginDir, broken -> {});
        for (PluginKind kind : kinds) {
            catalog.load(kind);
        }
        if (kinds.containsAll(EnumSet.allOf(PluginKind.class))) {
            catalog.reportPluginsProvidingNothing();
        }
        return catalog;
    }

    /** The providers of every kind loaded so far, by source (crate's own first), then kind. */
    public synchronized List<Provided> provided() {
        return bySource(provided);
    }

    /** The plugins and providers skipped so far, by source. */
    public synchronized List<Broken> broken() {
        return bySource(broken);
    }

    /** The providers of one kind, crate's own first; loads the kind at its first call. */
    public synchronized <T> List<T> all(PluginKind kind, Class<T> type) {
        List<Provided> ofKind = load(kind);
        List<T> all = new ArrayList<>(ofKind.size());
        for (Provided p : ofKind) {
            all.add(type.cast(p.provider()));
        }
        return List.copyOf(all);
    }

    private List<Provided> load(PluginKind kind) {
        List<Provided> ofKind = loaded.get(kind);
        if (ofKind != null) {
            return ofKind;
        }
        ofKind = new ArrayList<>();
        Map<String, Provided> byName = new HashMap<>();
        addAll(kind, ServiceLoader.load(kind.type()), null, OWN, BUILT_IN, ofKind, byName);
        scanPluginDir();
        for (int i = 0; i < sources.size(); i++) {
            ModuleLayer layer = layers.get(i);
            if (layer != null) {
                addAll(kind, ServiceLoader.load(layer, kind.type()), layer, FIRST_PLUGIN + i, sources.get(i).origin().toString(),
                        ofKind, byName);
            }
        }
        loaded.put(kind, ofKind);
        return ofKind;
    }

    /** Once: the plugin directory's plugins, each in its layer or refused. */
    private void scanPluginDir() {
        if (sources != null) {
            return;
        }
        sources = List.of();
        if (pluginDir == null) {
            return;
        }
        try {
            sources = PluginSource.scan(pluginDir);
        } catch (IOException e) {
            report(DIRECTORY, new Broken(pluginDir.toString(), "cannot read the plugin directory: " + e.getMessage()));
            return;
        }
        for (int i = 0; i < sources.size(); i++) {
            PluginSource source = sources.get(i);
            try {
                layers.add(PluginLayer.define(source));
            } catch (PluginLayer.RefusedException e) {
                layers.add(null);
                report(FIRST_PLUGIN + i, new Broken(source.origin().toString(), e.getMessage()));
            }
        }
    }

    /** For {@code crate plugins}, every kind loaded: the plugins that joined with nothing and were not refused. */
    private void reportPluginsProvidingNothing() {
        for (int i = 0; i < sources.size(); i++) {
            int source = FIRST_PLUGIN + i;
            if (!provided.stream().anyMatch(f -> f.source() == source) && !broken.stream().anyMatch(f -> f.source() == source)) {
                report(source, new Broken(sources.get(i).origin().toString(),
                        "it provides none of crate's plugin interfaces (module-info: provides crate.api.spi.Isolator with ...)"));
            }
        }
    }

    /**
     * Instantiates the providers of {@code loader}: with a plugin's {@code layer}, only those
     * of that layer (the loader also sees crate's own, which are in already).
     */
    private void addAll(PluginKind kind, ServiceLoader<?> loader, ModuleLayer layer, int source, String origin,
            List<Provided> ofKind, Map<String, Provided> byName) {
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
                report(source, new Broken(origin, "its " + kind.label() + " providers cannot be listed: " + describe(e)));
                return;
            }
            Module module = provider.type().getModule();
            if (layer != null && module.getLayer() != layer) {
                continue;
            }
            try {
                add(kind, provider.get(), module, source, origin, ofKind, byName);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                report(source, new Broken(origin, "its " + kind.label() + " " + provider.type().getName()
                        + " cannot be loaded: " + describe(e)));
            }
        }
    }

    private void add(PluginKind kind, Object instance, Module module, int source, String origin, List<Provided> ofKind,
            Map<String, Provided> byName) {
        String name = kind.nameOf(instance);
        Provided taken = byName.get(name);
        if (taken != null) {
            report(source, new Broken(origin, kind.label() + " \"" + name + "\" of " + module.getName()
                    + " is skipped: " + taken.module() + " (" + taken.origin() + ") provides it already"));
            return;
        }
        String version = module.getDescriptor() == null ? "-" : module.getDescriptor().rawVersion().orElse("-");
        Provided joined = new Provided(kind, name, module.getName() == null ? "(class path)" : module.getName(), version,
                origin, instance);
        byName.put(name, joined);
        ofKind.add(joined);
        provided.add(new Found<>(source, joined));
    }

    private void report(int source, Broken skipped) {
        broken.add(new Found<>(source, skipped));
        onBroken.accept(skipped);
    }

    /** Stable: within one source, in the order found (by kind when loaded all at once). */
    private static <T> List<T> bySource(List<Found<T>> found) {
        List<Found<T>> sorted = new ArrayList<>(found);
        sorted.sort((a, b) -> Integer.compare(a.source(), b.source()));
        return sorted.stream().map(Found::item).toList();
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
        }
        return text.toString();
    }
}
