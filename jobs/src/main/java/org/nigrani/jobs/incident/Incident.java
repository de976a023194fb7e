package org.nigrani.jobs.incident;

import java.io.Serializable;
import java.time.Instant;

/** An incident as written out: its state, its priority and the stream time the priority was computed at. */
public record Incident(IncidentState state, Priority priority, Instant asOf) implements Serializable {}
