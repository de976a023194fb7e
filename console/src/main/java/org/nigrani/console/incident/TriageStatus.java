package org.nigrani.console.incident;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where an incident is in its review: {@code new} → {@code in_review} → {@code escalated} | {@code dismissed} |
 * {@code closed}; an escalated incident may be closed, a dismissed or closed one reopened (back to in review).
 */
public enum TriageStatus {
    NEW, IN_REVIEW, ESCALATED, DISMISSED, CLOSED;

    private static final Map<TriageStatus, Set<TriageStatus>> NEXT = Map.of(
            NEW, Set.of(IN_REVIEW),
            IN_REVIEW, Set.of(ESCALATED, DISMISSED, CLOSED),
            ESCALATED, Set.of(CLOSED),
            DISMISSED, Set.of(IN_REVIEW),
            CLOSED, Set.of(IN_REVIEW));

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For people: "in review". */
    public String label() {
        return key().replace('_', ' ');
    }

    /** Whether an incident in this status may be put in {@code next} (staying where it is always may). */
    public boolean mayBecome(TriageStatus next) {
        return next == this || NEXT.get(this).contains(next);
    }

    /** The status named {@code key}, or an error naming the choices. */
    public static TriageStatus of(String key) {
        for (TriageStatus s : values()) {
            if (s.key().equals(key == null ? "" : key.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new Refused("status must be one of new, in_review, escalated, dismissed, closed");
    }
}
