package org.nigrani.jobs.alert;

import java.io.Serializable;
import java.util.Objects;

/**
 * Who an alert goes to.
 *
 * @param name a display name by role ("Station House Officer Hatri", "Internal Affairs desk")
 * @param email a bare address, validated where it was configured (never from post text)
 * @param stationId the station whose head this is, or null for the internal-affairs desk
 */
public record Recipient(String name, String email, String stationId) implements Serializable {
    public Recipient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }
}
