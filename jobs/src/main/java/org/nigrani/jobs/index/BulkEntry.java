package org.nigrani.jobs.index;

import java.io.Serializable;
import java.util.Objects;

/**
 * One document to index, serialised once, with what is needed to dead-letter it if Elasticsearch refuses it.
 *
 * @param index the concrete index to write to
 * @param id the document id, which makes a retry or replay overwrite rather than duplicate
 * @param document the JSON source
 * @param sourcePath where the post was read (file or feed), carried so a failure maps back to the input
 * @param sourceOffset the byte offset of the input line
 * @param postId the post's id, or null
 * @param deadLetter whether this document is itself a dead letter (its failure is logged, never re-dead-lettered)
 * @param upsert null for a plain write of {@code document}; otherwise the document is merged into the stored one
 *     (fields it does not carry, such as the console's triage status, are kept), and {@code upsert} is the whole
 *     document to create when there is none yet; empty for an update that must never create a document
 */
public record BulkEntry(
        String index, String id, byte[] document, String sourcePath, long sourceOffset, String postId, boolean deadLetter,
        byte[] upsert)
        implements Serializable {

    public BulkEntry(String index, String id, byte[] document, String sourcePath, long sourceOffset, String postId,
            boolean deadLetter) {
        this(index, id, document, sourcePath, sourceOffset, postId, deadLetter, null);
    }

    /** A partial update of an existing document; a missing one is refused (and dead-lettered), never created. */
    public static BulkEntry update(String index, String id, byte[] changes, String origin, String postId) {
        return new BulkEntry(index, id, changes, origin, -1, postId, false, new byte[0]);
    }

    /** A partial update of document {@code id}, created from {@code upsert} if missing; {@code origin} names it in errors. */
    public static BulkEntry upsert(String index, String id, byte[] changes, byte[] upsert, String origin, String postId) {
        Objects.requireNonNull(upsert, "upsert");
        return new BulkEntry(index, id, changes, origin, -1, postId, false, upsert);
    }

    public BulkEntry {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(sourcePath, "sourcePath");
    }
}
