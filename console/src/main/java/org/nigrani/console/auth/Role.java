package org.nigrani.console.auth;

import java.util.Locale;

/** What a console user may do; each role may do what the ones before it may. */
public enum Role {
    /** Searches, reviews and triages incidents; reveals an author with a reason. */
    INVESTIGATOR,
    /** Also reads the audit trail. */
    SUPERVISOR,
    /** Also manages accounts. */
    ADMIN;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code key} (investigator, supervisor, admin), or an error naming the choices. */
    public static Role of(String key) {
        for (Role r : values()) {
            if (r.key().equals(key == null ? "" : key.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be investigator, supervisor or admin, was '" + key + "'");
    }
}
