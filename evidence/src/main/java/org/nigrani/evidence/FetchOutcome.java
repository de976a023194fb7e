package org.nigrani.evidence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What happened to one media item, recordable as evidence of the attempt itself. {@code reason} starts with a short
 * code ({@code address}, {@code host}, {@code scheme}, {@code content_type}, {@code too_large}, {@code timeout},
 * {@code http_404}, {@code network}, {@code redirects}, {@code url}) followed by words; it is null when captured.
 * {@code file}, {@code sha256} and {@code size} are set only when captured.
 */
public record FetchOutcome(Status status, String reason, String finalUrl, String contentType, long size,
        String sha256, Path file, Instant fetchedAt, List<String> redirects) {

    public enum Status { CAPTURED, FAILED, TOO_LARGE, REFUSED }

    public FetchOutcome {
        redirects = List.copyOf(redirects);
    }

    public boolean captured() {
        return status == Status.CAPTURED;
    }
}
