package org.nigrani.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins for one user name, or four times as many from
 * one address (an office shares one), the next attempts are refused for a lockout that doubles with every further
 * failure (up to an hour). A success clears the user name's count.
 */
public final class LoginThrottle {

    private record Failures(int count, Instant lockedUntil) {}

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    public LoginThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long the next attempt must wait; zero when it may go ahead. */
    public Duration wait(String username, String ip) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys(username, ip)) {
            Failures f = failures.get(key);
            if (f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, f.lockedUntil());
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest;
    }

    public void failed(String username, String ip) {
        Instant now = clock.instant();
        for (String key : keys(username, ip)) {
            int limit = key.startsWith("ip:") ? maxFailures * 4 : maxFailures;
            failures.compute(key, (k, f) -> {
                int count = f == null ? 1 : f.count() + 1;
                if (count < limit) {
                    return new Failures(count, null);
                }
                long factor = 1L << Math.min(count - limit, 6);
                Duration d = lockout.multipliedBy(factor);
                return new Failures(count, now.plus(d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d));
            });
        }
    }

    public void succeeded(String username) {
        failures.remove("user:" + normal(username));
    }

    private static String[] keys(String username, String ip) {
        return new String[] {"user:" + normal(username), "ip:" + ip};
    }

    private static String normal(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
