package org.nigrani.jobs.source.x;

import java.net.http.HttpHeaders;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The X API rate limit headers of one response: {@code x-rate-limit-limit}, {@code x-rate-limit-remaining}
 * and {@code x-rate-limit-reset} (epoch seconds). A header that is absent, negative or not a number is
 * unknown; parsing never throws.
 */
public record RateLimit(OptionalLong limit, OptionalLong remaining, Optional<Instant> reset) {

    public static final String LIMIT = "x-rate-limit-limit";
    public static final String REMAINING = "x-rate-limit-remaining";
    public static final String RESET = "x-rate-limit-reset";

    public static final RateLimit UNKNOWN = new RateLimit(OptionalLong.empty(), OptionalLong.empty(), Optional.empty());

    public RateLimit {
        limit = limit == null ? OptionalLong.empty() : limit;
        remaining = remaining == null ? OptionalLong.empty() : remaining;
        reset = reset == null ? Optional.empty() : reset;
    }

    public static RateLimit from(HttpHeaders headers) {
        if (headers == null) {
            return UNKNOWN;
        }
        OptionalLong resetSeconds = number(headers, RESET);
        Optional<Instant> reset = Optional.empty();
        if (resetSeconds.isPresent()) {
            try {
                reset = Optional.of(Instant.ofEpochSecond(resetSeconds.getAsLong()));
            } catch (DateTimeException | ArithmeticException e) {
                reset = Optional.empty();
            }
        }
        return new RateLimit(number(headers, LIMIT), number(headers, REMAINING), reset);
    }

    private static OptionalLong number(HttpHeaders headers, String name) {
        try {
            Optional<String> value = headers.firstValue(name);
            if (value.isEmpty()) {
                return OptionalLong.empty();
            }
            long n = Long.parseLong(value.get().trim());
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** True when the headers say no calls remain in this window. */
    public boolean exhausted() {
        return remaining.isPresent() && remaining.getAsLong() == 0;
    }

    /**
     * How long to wait before the next call: until the reset when no calls remain or the response was a 429
     * ({@code tooManyRequests}), otherwise zero. Zero as well when the reset is unknown or already past; a
     * caller that was refused then falls back to its back-off.
     */
    public Duration waitBeforeNextCall(Instant now, boolean tooManyRequests) {
        if (!(tooManyRequests || exhausted()) || reset.isEmpty()) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(now, reset.get());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
