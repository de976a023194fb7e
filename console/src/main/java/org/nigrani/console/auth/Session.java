package org.nigrani.console.auth;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One browser's session. {@code user} is null before login (the login form's CSRF token lives here then).
 * Incidents whose authors this user revealed (with a reason, audited) stay revealed for the session.
 */
public final class Session {

    private final String id;
    private final User user;
    private final String csrfToken;
    private final Instant created;
    private volatile Instant lastSeen;
    private final Set<String> revealed = ConcurrentHashMap.newKeySet();

    Session(String id, User user, String csrfToken, Instant now) {
        this.id = id;
        this.user = user;
        this.csrfToken = csrfToken;
        this.created = now;
        this.lastSeen = now;
    }

    public String id() {
        return id;
    }

    /** The signed-in user, or null for a session that has not logged in yet. */
    public User user() {
        return user;
    }

    public boolean signedIn() {
        return user != null;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public Instant created() {
        return created;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void seen(Instant now) {
        lastSeen = now;
    }

    public boolean revealed(String incidentId) {
        return revealed.contains(incidentId);
    }

    public void reveal(String incidentId) {
        revealed.add(incidentId);
    }
}
