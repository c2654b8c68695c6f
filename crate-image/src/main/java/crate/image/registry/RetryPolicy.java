package crate.image.registry;

import java.time.Duration;
import java.util.List;

/**
 * How often a transfer is tried and how long to wait between tries: attempt {@code n} (2, 3,
 * ...) starts after {@code delays.get(n - 2)}. The default tries 4 times, waiting 0.2 s, 0.8 s
 * and 3.2 s: enough for a registry's hiccup, short enough that a dead one fails fast.
 *
 * A transfer that gets no byte for {@code stall} is cut and counts as a failed try.
 *
 * @param attempts how many tries in all (at least 1)
 * @param delays the back-off before each retry; the last one repeats if there are fewer
 * @param stall how long a blob's body may give no byte
 */
record RetryPolicy(int attempts, List<Duration> delays, Duration stall) {

    static final RetryPolicy DEFAULT = new RetryPolicy(4,
            List.of(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofMillis(3200)), Duration.ofSeconds(60));

    RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        delays = List.copyOf(delays);
    }

    /** No waiting between tries (tests; mirrors, which rather fall through); stalls as the default. */
    static RetryPolicy immediate(int attempts) {
        return new RetryPolicy(attempts, List.of(Duration.ZERO), DEFAULT.stall());
    }

    /** The same with another stall limit (tests). */
    RetryPolicy withStall(Duration limit) {
        return new RetryPolicy(attempts, delays, limit);
    }

    /** The wait before attempt {@code attempt} (2, 3, ...). */
    Duration delayBefore(int attempt) {
        if (delays.isEmpty()) {
            return Duration.ZERO;
        }
        return delays.get(Math.min(attempt - 2, delays.size() - 1));
    }

    /** Sleep before attempt {@code attempt}; an interrupt ends the pull. */
    void pause(int attempt) throws InterruptedException {
        Duration d = delayBefore(attempt);
        if (d.isPositive()) {
            Thread.sleep(d);
        }
    }
}
