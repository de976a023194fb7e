package org.nigrani.jobs.incident;

import java.io.Serializable;
import org.nigrani.jobs.enrich.EnrichedPost;

/** A flagged post with the incident it joined and its own priority. */
public record IncidentPost(EnrichedPost post, String incidentId, Priority priority) implements Serializable {}
