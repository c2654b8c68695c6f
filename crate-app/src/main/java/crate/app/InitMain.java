package crate.app;

import crate.runtime.InitStage;

/**
 * {@code crate init}: the first process of a container, started by the runtime inside the
 * new namespaces (see design.md). Kept apart from {@link Main} so that the init path loads
 * neither picocli nor the CLI's classes.
 */
public final class InitMain {
    private InitMain() {}

    public static void main(String[] args) {
        InitStage.run(PluginLoader.forInit(), java.util.List.of(args));
    }
}
