package crate.app;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For root integration tests: skips them when not root, and fails a test that leaves a
 * mount, a descendant process, a /run entry or a cgroup on the host ({@link HostLeaks}).
 */
final class NoHostLeaks implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NoHostLeaks.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        CrateCli.assumeRoot();
        context.getStore(STORE).put("before", HostLeaks.snapshot());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        HostLeaks before = context.getStore(STORE).get("before", HostLeaks.class);
        if (before != null) {
            HostLeaks.assertNothingLeftSince(before);
        }
    }
}
