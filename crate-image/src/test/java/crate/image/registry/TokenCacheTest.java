package crate.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    /** A clock the test moves. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void reusedUntilShortlyBeforeExpiry() {
        StepClock clock = new StepClock();
        TokenCache cache = new TokenCache(clock);
        cache.put("h", "repository:a:pull", "t1", Optional.of(Duration.ofMinutes(5)));
        assertEquals(Optional.of("t1"), cache.get("h", "repository:a:pull"));
        assertEquals(Optional.empty(), cache.get("h", "repository:b:pull"), "per scope");
        assertEquals(Optional.empty(), cache.get("other", "repository:a:pull"), "per host");
        clock.now = clock.now.plusSeconds(289);
        assertEquals(Optional.of("t1"), cache.get("h", "repository:a:pull"));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Optional.empty(), cache.get("h", "repository:a:pull"), "10 s margin");
    }

    @Test
    void defaultLifetimeAndShortTokens() {
        StepClock clock = new StepClock();
        TokenCache cache = new TokenCache(clock);
        Instant start = clock.now;
        cache.put("h", "s", "default", Optional.empty());
        cache.put("h", "zero", "zero", Optional.of(Duration.ZERO));
        cache.put("h", "short", "short", Optional.of(Duration.ofSeconds(10)));
        clock.now = start.plusSeconds(49);
        assertEquals(Optional.of("default"), cache.get("h", "s"));
        assertEquals(Optional.of("zero"), cache.get("h", "zero"), "0 means the default 60 s");
        assertEquals(Optional.empty(), cache.get("h", "short"));
        clock.now = start.plusSeconds(4);
        assertEquals(Optional.of("short"), cache.get("h", "short"), "a 10 s token is kept half its life");
        clock.now = start.plusSeconds(5);
        assertEquals(Optional.empty(), cache.get("h", "short"));
        clock.now = start.plusSeconds(50);
        assertEquals(Optional.empty(), cache.get("h", "s"));
    }

    @Test
    void invalidate() {
        TokenCache cache = new TokenCache(new StepClock());
        cache.put("h", "s", "t", Optional.empty());
        cache.invalidate("h", "s");
        assertEquals(Optional.empty(), cache.get("h", "s"));
    }
}
