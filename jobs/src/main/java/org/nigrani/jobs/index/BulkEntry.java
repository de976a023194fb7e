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
 * @param upsert for {@link Op#UPDATE}: the whole document to create when there is none yet, or empty for an update
 *     that must never create a document; null for the other operations
 * @param op how the document is written
 */
public record BulkEntry(
        String index, String id, byte[] document, String sourcePath, long sourceOffset, String postId, boolean deadLetter,
        byte[] upsert, Op op)
        implements Serializable {

    /** How a document is written. */
    public enum Op {
        /** Replaces the stored document. */
        INDEX,
        /**
         * Only ever creates: an existing document with the id is left alone and counts as written, so a replay of an
         * append-only log (the custody log) neither duplicates nor rewrites it.
         */
        CREATE,
        /**
         * Merged into the stored document (fields it does not carry, such as the console's triage, are kept), created
         * from {@code upsert} if missing; with an empty {@code upsert}, never created: the update waits a while for
         * the document (written by another path of the job, maybe in a bulk request still under way), then is
         * dead-lettered.
         */
        UPDATE
    }

    public BulkEntry(String index, String id, byte[] document, String sourcePath, long sourceOffset, String postId,
            boolean deadLetter) {
        this(index, id, document, sourcePath, sourceOffset, postId, deadLetter, null, Op.INDEX);
    }

    /** An update when {@code upsert} is set, else a plain write. */
    public BulkEntry(String index, String id, byte[] document, String sourcePath, long sourceOffset, String postId,
            boolean deadLetter, byte[] upsert) {
        this(index, id, document, sourcePath, sourceOffset, postId, deadLetter, upsert, upsert == null ? Op.INDEX : Op.UPDATE);
    }

    /** A document of an append-only index, written once under {@code id}. */
    public static BulkEntry create(String index, String id, byte[] document, String origin) {
        return new BulkEntry(index, id, document, origin, -1, null, false, null, Op.CREATE);
    }


    /**
     * A partial update of an existing document, never creating one: while the document is missing the update is
     * tried again for a while, then dead-lettered.
     */
    public static BulkEntry update(String index, String id, byte[] changes, String origin, String postId) {
        return new BulkEntry(index, id, changes, origin, -1, postId, false, new byte[0], Op.UPDATE);
    }

    /** A partial update of document {@code id}, created from {@code upsert} if missing; {@code origin} names it in errors. */
    public static BulkEntry upsert(String index, String id, byte[] changes, byte[] upsert, String origin, String postId) {
        Objects.requireNonNull(upsert, "upsert");
        return new BulkEntry(index, id, changes, origin, -1, postId, false, upsert, Op.UPDATE);
    }

    public BulkEntry {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(sourcePath, "sourcePath");
        Objects.requireNonNull(op, "op");
        if ((op == Op.UPDATE) != (upsert != null)) {
            throw new IllegalArgumentException("an upsert document goes with an update, and only with one: " + op);
        }
    }
}
