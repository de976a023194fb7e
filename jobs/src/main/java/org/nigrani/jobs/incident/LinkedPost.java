package org.nigrani.jobs.incident;

import java.io.Serializable;
import org.nigrani.jobs.enrich.EnrichedPost;

/** A flagged post with the key of the incident it belongs to. */
public record LinkedPost(EnrichedPost post, String key) implements Serializable {}
