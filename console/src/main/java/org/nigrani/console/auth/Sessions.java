package org.nigrani.console.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions keyed by a random 256-bit token, the only thing the cookie holds. A session idle longer than
 * the timeout is gone; logging in always starts a new session (no fixation).
 */
public final class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    public Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    /** A session for {@code user} (null: not signed in yet), with its own CSRF token. */
    public Session open(User user) {
        Session s = new Session(token(), user, token(), clock.instant());
        byId.put(s.id(), s);
        if (byId.size() % 256 == 0) {
            expire();
        }
        return s;
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (s.lastSeen().plus(idle).isBefore(now)) {
            byId.remove(id);
            return Optional.empty();
        }
        s.seen(now);
        return Optional.of(s);
    }

    public void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Ends every session of {@code username}: after a change to the account, it must sign in again. */
    public void closeAllOf(String username) {
        byId.values().removeIf(s -> s.signedIn() && s.user().username().equals(username));
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(idle);
        byId.values().removeIf(s -> s.lastSeen().isBefore(cutoff));
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
