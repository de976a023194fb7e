package org.nigrani.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the console runs.
 *
 * @param host the address to listen on (127.0.0.1 by default: put a TLS proxy in front to serve others)
 * @param port 0 for any free port (tests)
 * @param sessionIdle a session unused this long is gone
 * @param maxFailedLogins failed logins (per user name, per address) before logins are refused for a while
 * @param lockout the first such while; it doubles with each further failure, up to an hour
 * @param secureCookies the session cookie's Secure flag; browsers still send it to http://localhost
 * @param stations the station directory ({@code config/stations.yaml}) for station names and for checking walls;
 *     null: ids are shown as they are and walls are checked for form only
 */
public record ConsoleSettings(String host, int port, Duration sessionIdle, int maxFailedLogins, Duration lockout,
        boolean secureCookies, Path stations) {

    public static final int DEFAULT_PORT = 7070;

    public ConsoleSettings {
        Objects.requireNonNull(host, "console.host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("console.port must be 0..65535, was " + port);
        }
        if (sessionIdle.toMinutes() < 1) {
            throw new IllegalArgumentException("console.session-idle must be at least 1m, was " + sessionIdle);
        }
        if (maxFailedLogins < 1) {
            throw new IllegalArgumentException("console.max-failed-logins must be at least 1, was " + maxFailedLogins);
        }
        if (lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("console.lockout must be positive, was " + lockout);
        }
    }

    /** Without a station directory. */
    public ConsoleSettings(String host, int port, Duration sessionIdle, int maxFailedLogins, Duration lockout,
            boolean secureCookies) {
        this(host, port, sessionIdle, maxFailedLogins, lockout, secureCookies, null);
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings("127.0.0.1", DEFAULT_PORT, Duration.ofMinutes(30), 5, Duration.ofMinutes(1), true);
    }

    public ConsoleSettings withPort(int other) {
        return new ConsoleSettings(host, other, sessionIdle, maxFailedLogins, lockout, secureCookies, stations);
    }

    public ConsoleSettings withStations(Path directory) {
        return new ConsoleSettings(host, port, sessionIdle, maxFailedLogins, lockout, secureCookies, directory);
    }
}
