package org.nigrani.jobs.source.x;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays for the X API v2 filtered stream, as X documents them.
 *
 * <ul>
 *   <li>{@link Kind#NETWORK} (TCP/IP errors, stalls, a dropped stream): linear, 250 ms more each try, at most 16 s.
 *   <li>{@link Kind#HTTP} (HTTP errors other than 429): exponential from 5 s, doubling, at most 320 s.
 *   <li>{@link Kind#RATE_LIMITED} (HTTP 429): exponential from 1 minute, doubling, at most 16 minutes.
 * </ul>
 *
 * Each kind counts its own consecutive failures; {@link #reset()} (call it once a connection works)
 * starts all of them over. A failure never gets a zero delay, so a caller cannot busy-loop.
 * With {@link #withFullJitter} each delay is drawn uniformly from [1 ms, the computed delay]
 * ("full jitter", for 5xx-style retries of ordinary requests); the plain policy has no jitter.
 * Not thread-safe: one instance per retrying loop.
 */
public final class Backoff {

    /** What failed, which chooses the policy. */
    public enum Kind {
        NETWORK(Duration.ofMillis(250), Duration.ofSeconds(16), false),
        HTTP(Duration.ofSeconds(5), Duration.ofSeconds(320), true),
        RATE_LIMITED(Duration.ofMinutes(1), Duration.ofMinutes(16), true);

        private final Duration first;
        private final Duration cap;
        private final boolean exponential;

        Kind(Duration first, Duration cap, boolean exponential) {
            this.first = first;
            this.cap = cap;
            this.exponential = exponential;
        }

        public Duration first() {
            return first;
        }

        public Duration cap() {
            return cap;
        }

        /** The delay for the {@code failure}-th consecutive failure (1-based), without jitter. */
        public Duration delay(int failure) {
            if (failure < 1) {
                throw new IllegalArgumentException("failure counts from 1: " + failure);
            }
            Duration d;
            if (exponential) {
                int shift = failure - 1;
                d = shift >= 30 ? cap : first.multipliedBy(1L << shift);
            } else {
                d = first.multipliedBy(failure);
            }
            return d.compareTo(cap) > 0 ? cap : d;
        }
    }

    private static final Duration MIN = Duration.ofMillis(1);

    private final Map<Kind, Integer> failures = new EnumMap<>(Kind.class);
    private final RandomGenerator jitter;

    private Backoff(RandomGenerator jitter) {
        this.jitter = jitter;
    }

    /** X's documented policies, no jitter. */
    public static Backoff xApi() {
        return new Backoff(null);
    }

    /** The same policies with full jitter drawn from {@code random}. */
    public static Backoff withFullJitter(RandomGenerator random) {
        return new Backoff(Objects.requireNonNull(random, "random"));
    }

    /** Records one more failure of {@code kind} and returns how long to wait before the next try (never zero). */
    public Duration next(Kind kind) {
        int n = failures.merge(kind, 1, (a, b) -> a == Integer.MAX_VALUE ? a : a + b);
        Duration d = kind.delay(n);
        if (jitter != null) {
            long max = d.toNanos();
            long min = MIN.toNanos();
            d = Duration.ofNanos(min + jitter.nextLong(max - min + 1));
        }
        return d.compareTo(MIN) < 0 ? MIN : d;
    }

    /** Consecutive failures of {@code kind} since the last reset. */
    public int failures(Kind kind) {
        return failures.getOrDefault(kind, 0);
    }

    /** A success: every kind starts over from its first delay. */
    public void reset() {
        failures.clear();
    }
}
