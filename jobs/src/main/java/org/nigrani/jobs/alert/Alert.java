package org.nigrani.jobs.alert;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.nigrani.jobs.incident.Incident;

/**
 * One alert email to send: about one incident, to one recipient, the {@code sequence}-th about that incident to them.
 *
 * @param kind {@link #FIRST}, {@link #ESCALATION} or {@link #DIGEST}
 * @param reason why it is sent, in words for the recipient ("priority P1", "reach ×10 since the last alert")
 * @param incidents the incident (one, or several for a digest)
 */
public record Alert(String kind, Recipient to, int sequence, String reason, List<Incident> incidents) implements Serializable {

    public static final String FIRST = "first";
    public static final String ESCALATION = "escalation";
    public static final String DIGEST = "digest";

    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(to, "to");
        incidents = List.copyOf(incidents);
        if (incidents.isEmpty()) {
            throw new IllegalArgumentException("an alert is about at least one incident");
        }
    }
}
