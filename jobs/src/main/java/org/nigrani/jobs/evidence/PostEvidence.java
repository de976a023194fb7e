package org.nigrani.jobs.evidence;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The evidence kept for one flagged post.
 *
 * @param documentId the post's document id (platform:id)
 * @param createdAt the post's creation time, which picks its dated index
 * @param sourcePath where the post was read, named when Elasticsearch refuses the update
 */
public record PostEvidence(String documentId, String postId, Instant createdAt, String incidentId, String sourcePath,
        List<EvidenceItem> items) implements Serializable {

    public PostEvidence {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(createdAt, "createdAt");
        items = List.copyOf(items);
    }
}
