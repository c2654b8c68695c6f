package crate.runtime;

import crate.api.CrateException;

/**
 * A value made at its first use and kept: one kind of plugin, which a command may never need
 * ({@code crate state} needs none, {@code crate kill} at most the cgroup manager). A load that
 * fails is not kept: the next use tries again and fails the same way.
 */
final class LoadedOnce<T> {
    private Plugins.Loader<T> loader; // null once loaded
    private T value;

    LoadedOnce(Plugins.Loader<T> loader) {
        this.loader = loader;
    }

    synchronized T get() throws CrateException {
        if (loader != null) {
            value = loader.load();
            loader = null;
        }
        return value;
    }

    /** The value {@code next} makes of this one, itself made at its first use (this one's too, then). */
    <R> LoadedOnce<R> then(Function<T, R> next) {
        return new LoadedOnce<>(() -> next.apply(get()));
    }

    /** A step from one value to another that may refuse, as {@code CgroupManager.withDefaultParent}. */
    @FunctionalInterface
    interface Function<T, R> {
        R apply(T value) throws CrateException;
    }
}
