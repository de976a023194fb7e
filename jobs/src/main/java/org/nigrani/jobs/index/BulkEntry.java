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
 * @param version 0 for a plain write; otherwise an external version: Elasticsearch keeps the document only if
 *     the version is higher than the one it has, and an older one arriving late is superseded, not an error
 */
public record BulkEntry(
        String index, String id, byte[] document, String sourcePath, long sourceOffset, String postId, boolean deadLetter,
        long version)
        implements Serializable {

    public BulkEntry(String index, String id, byte[] document, String sourcePath, long sourceOffset, String postId,
            boolean deadLetter) {
        this(index, id, document, sourcePath, sourceOffset, postId, deadLetter, 0);
    }

    /** A document that replaces older versions of itself; {@code origin} says where it came from for errors. */
    public static BulkEntry versioned(String index, String id, byte[] document, long version, String origin, String postId) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive, was " + version);
        }
        return new BulkEntry(index, id, document, origin, -1, postId, false, version);
    }

    public BulkEntry {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(sourcePath, "sourcePath");
    }
}
