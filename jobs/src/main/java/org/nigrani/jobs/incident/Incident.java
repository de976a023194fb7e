package org.nigrani.jobs.incident;

import java.io.Serializable;
import java.time.Instant;

/**
 * An incident as written out: its state, its priority and the stream time the priority was computed at.
 *
 * @param arrivedAt when the job read the earliest post (or reach update) this update carries, epoch milliseconds
 *     of the machine's clock; 0 when unknown. Where an alert's latency is measured from.
 */
public record Incident(IncidentState state, Priority priority, Instant asOf, long arrivedAt) implements Serializable {

    public Incident(IncidentState state, Priority priority, Instant asOf) {
        this(state, priority, asOf, 0);
    }
}
