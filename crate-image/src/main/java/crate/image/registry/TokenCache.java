package crate.image.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bearer tokens per registry host and scope, reused until shortly before they expire. A token
 * lives {@code expires_in} seconds (60 when the server says nothing, as the token spec
 * defaults); it is given up {@link #MARGIN} early, or halfway through when it lives less than
 * twice that, so that a request never starts with a token about to lapse.
 */
final class TokenCache {
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    static final Duration MARGIN = Duration.ofSeconds(10);

    private record Key(String host, String scope) {}

    private record Entry(String token, Instant usableUntil) {}

    private final Clock clock;
    private final ConcurrentMap<Key, Entry> tokens = new ConcurrentHashMap<>();

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    /** A token still usable for {@code host} and {@code scope}. */
    Optional<String> get(String host, String scope) {
        Entry e = tokens.get(new Key(host, scope));
        if (e == null || !clock.instant().isBefore(e.usableUntil)) {
            return Optional.empty();
        }
        return Optional.of(e.token);
    }

    /** Keep a token that the server said lives {@code expiresIn} (empty or non-positive: the default). */
    void put(String host, String scope, String token, Optional<Duration> expiresIn) {
        Duration life = expiresIn.filter(d -> d.isPositive()).orElse(DEFAULT_LIFETIME);
        Duration margin = MARGIN.multipliedBy(2).compareTo(life) > 0 ? life.dividedBy(2) : MARGIN;
        tokens.put(new Key(host, scope), new Entry(token, clock.instant().plus(life).minus(margin)));
    }

    /** Forget a token the registry refused. */
    void invalidate(String host, String scope) {
        tokens.remove(new Key(host, scope));
    }
}
