package org.nigrani.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Media kept as evidence, addressed by the SHA-256 of its bytes, so a re-share storm of one video is stored once and
 * every post links to the same hash. Every method refuses a hash that is not 64 lowercase hex digits with an
 * {@link IllegalArgumentException}, since hashes become storage keys.
 *
 * <p>{@link LocalEvidenceStore} is the embedded default. {@link S3EvidenceStore} keeps the same layout as object keys
 * in an S3-compatible bucket ({@code <prefix>ab/cd/<sha256>}, {@code .tsr} beside, the content type as the object's
 * Content-Type), with a HEAD and a conditional put ({@code If-None-Match: *}) in place of the hard link for "stored
 * once". Immutability there is the bucket's business (Object Lock, or credentials without delete rights), which the
 * store does not set up.
 */
public interface EvidenceStore extends java.io.Closeable {

    /**
     * Stores the bytes of {@code file} under {@code sha256} unless they are already there. The store hashes what it
     * reads and refuses the put with a {@link HashMismatchException} when that differs from {@code sha256}. The
     * caller's file is left where it is; the caller deletes it.
     */
    StoredItem put(Path file, String sha256, String contentType) throws IOException;

    boolean exists(String sha256);

    /** @throws java.nio.file.NoSuchFileException when nothing is stored under the hash */
    InputStream open(String sha256) throws IOException;

    /** What was stored, or empty when nothing is. */
    Optional<StoredItem> describe(String sha256) throws IOException;

    /** Keeps an RFC 3161 timestamp token beside the item, replacing an earlier one. The item must be stored. */
    void putToken(String sha256, byte[] token) throws IOException;

    Optional<byte[]> token(String sha256) throws IOException;

    /** Removes the item and its token, for retention; true when there was something to remove. */
    boolean delete(String sha256) throws IOException;

    /** Lets go of connections; the local store holds none. */
    @Override
    default void close() throws IOException {}
}
