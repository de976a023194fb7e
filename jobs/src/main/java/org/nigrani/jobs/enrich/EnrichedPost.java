package org.nigrani.jobs.enrich;

import java.io.Serializable;
import org.nigrani.jobs.classify.FlaggedPost;

/** A flagged post with what extraction found in it. */
public record EnrichedPost(FlaggedPost flagged, Enrichment enrichment) implements Serializable {}
