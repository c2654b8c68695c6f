package crate.cgroups.v2;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test classes with plain {@code java}, no Maven: in the TCG guest a Maven start costs
 * more than the tests (scripts/vm-cgroup-tests.sh). Prints one line per test and closes with
 * "tests: N passed, M failed, K skipped"; exits 1 on a failure or when nothing passed.
 */
public final class GuestTestRunner {
    private GuestTestRunner() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        TestExecutionListener listener = new TestExecutionListener() {
            private long started;

            @Override
            public void executionStarted(TestIdentifier test) {
                started = System.nanoTime();
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                if (test.isTest()) {
                    skipped.incrementAndGet();
                    out.println("SKIP " + test.getLegacyReportingName() + ": " + reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed.incrementAndGet();
                    out.println("FAIL " + test.getDisplayName() + " (" + millis + " ms)");
                    result.getThrowable().ifPresent(t -> t.printStackTrace(out));
                } else if (!test.isTest()) {
                    return;
                } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    skipped.incrementAndGet();
                    out.println("SKIP " + test.getDisplayName() + ": "
                            + result.getThrowable().map(Throwable::getMessage).orElse(""));
                } else {
                    passed.incrementAndGet();
                    out.println("PASS " + test.getDisplayName() + " (" + millis + " ms)");
                }
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(args).map(DiscoverySelectors::selectClass).toList())
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        out.printf("tests: %d passed, %d failed, %d skipped%n", passed.get(), failed.get(), skipped.get());
        out.flush();
        System.exit(failed.get() == 0 && passed.get() > 0 ? 0 : 1);
    }
}
