package org.nigrani.jobs;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Input the job could not use, kept with the reason so nothing is lost silently.
 *
 * @param reason a stable code, such as {@code invalid_json}, for counting and filtering
 * @param message what was wrong, naming the field where there is one
 * @param raw the input as received (decoded leniently), cut to {@link #MAX_RAW_CHARS}
 * @param rawBytes the size in bytes of the whole input
 * @param truncated whether {@code raw} was cut
 * @param stage {@code parse} when the input was rejected, {@code index} when Elasticsearch refused the document
 * @param postId the post's id where it could be read, else null
 * @param targetIndex the index the document was meant for, for index failures
 */
public record DeadLetter(
        String reason,
        String message,
        String raw,
        long rawBytes,
        boolean truncated,
        Post.SourceRef source,
        String stage,
        String postId,
        String targetIndex,
        Instant at)
        implements Serializable {

    public static final int MAX_RAW_CHARS = 4096;
    public static final String STAGE_PARSE = "parse";
    public static final String STAGE_INDEX = "index";

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stage, "stage");
        raw = raw == null ? "" : raw;
    }

    /** A line the parser rejected: keeps at most {@link #MAX_RAW_CHARS} characters of it. */
    public static DeadLetter rejectedInput(String reason, String message, byte[] line, Post.SourceRef source, String postId, Instant at) {
        String decoded = new String(line, 0, Math.min(line.length, MAX_RAW_CHARS * 4), StandardCharsets.UTF_8);
        boolean cut = decoded.length() > MAX_RAW_CHARS || line.length > MAX_RAW_CHARS * 4;
        String raw = decoded.length() > MAX_RAW_CHARS ? decoded.substring(0, MAX_RAW_CHARS) : decoded;
        return new DeadLetter(reason, message, raw, line.length, cut, source, STAGE_PARSE, postId, null, at);
    }

    /**
     * The document id: the input's place, so a replay of the same file dead-letters the same line only once.
     */
    public String documentId() {
        String place = UUID.nameUUIDFromBytes(source.path().getBytes(StandardCharsets.UTF_8)) + ":" + source.offset();
        return stage + ":" + place + (postId == null ? "" : ":" + postId);
    }
}
