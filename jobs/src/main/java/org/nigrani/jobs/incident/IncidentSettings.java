package org.nigrani.jobs.incident;

import java.io.Serializable;
import java.time.Duration;

/**
 * How posts become incidents.
 *
 * @param flushInterval how long an incident's changes are gathered before its document is rewritten; a storm of
 *     re-shares then costs one write per interval, not one per post
 * @param gap posts on the same key further apart than this (by their creation time) are separate incidents;
 *     an incident quiet for this long (by the clock) is also forgotten by the job
 */
public record IncidentSettings(Duration flushInterval, Duration gap) implements Serializable {

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_GAP = Duration.ofHours(72);

    public IncidentSettings {
        if (flushInterval.toMillis() < 10 || flushInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("incident.flush-interval must be between 10ms and 10m, was " + flushInterval);
        }
        if (gap.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("incident.gap must be at least 1h, was " + gap);
        }
    }
}
