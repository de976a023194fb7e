package org.nigrani.jobs.evidence;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * What became of one piece of a flagged post kept as evidence: a video, an image or the snapshot of the post, as
 * recorded on the post's document ({@code nigrani.evidence}).
 *
 * @param kind video, image or snapshot
 * @param sourceUrl the URL the post gave (for a snapshot: the post's own URL, or null)
 * @param finalUrl where the bytes came from after redirects, or null
 * @param status captured, failed, too_large or refused
 * @param reason why it was not captured: a short code (address, host, content_type, timeout, busy, …) then words
 * @param sha256 the stored bytes' hash when captured, else null
 * @param timestamp the trusted timestamp over the hash; null when not captured
 * @param firstCopy true when this capture stored the bytes; false when they were there already (a re-share)
 */
public record EvidenceItem(String kind, String sourceUrl, String finalUrl, String status, String reason, String sha256,
        long size, String contentType, Instant fetchedAt, Stamp timestamp, boolean firstCopy) implements Serializable {

    public static final String CAPTURED = "captured";

    public EvidenceItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    public boolean captured() {
        return CAPTURED.equals(status);
    }

    /** Not captured, for {@code reason}. */
    static EvidenceItem notCaptured(String kind, String sourceUrl, String status, String reason, Instant at) {
        return new EvidenceItem(kind, sourceUrl, null, status, reason, null, 0, null, at, null, false);
    }

    /** The same stored bytes, reached again from another post or by another kind of link. */
    EvidenceItem reusedAs(String otherKind, String otherSourceUrl) {
        return new EvidenceItem(otherKind, otherSourceUrl, finalUrl, status, reason, sha256, size, contentType, fetchedAt,
                timestamp, false);
    }

    /**
     * An RFC 3161 token over the item's hash.
     *
     * @param status granted (kept beside the item), failed (the TSA did not answer or refused) or off (none configured)
     * @param genTime when the TSA says it saw the hash
     * @param tsa the TSA's name from the token, or its URL when it failed
     */
    public record Stamp(String status, Instant genTime, String tsa, String error) implements Serializable {
        static final Stamp OFF = new Stamp("off", null, null, null);
    }
}
