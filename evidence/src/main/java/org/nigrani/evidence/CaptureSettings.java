package org.nigrani.evidence;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the job captures evidence when it flags a post.
 *
 * @param enabled whether flagged posts' media and snapshots are captured at all
 * @param tsa the RFC 3161 time stamping authority asked for a token over each new item's hash; null: none asked
 * @param tsaTimeout how long one token request may take
 * @param fetch limits for fetching one media item
 * @param workers items fetched at the same time, per subtask
 * @param queue posts waiting for a worker; a post arriving when the queue is full is recorded as not captured
 *     ({@code busy}) rather than holding up the job
 */
public record CaptureSettings(boolean enabled, URI tsa, Duration tsaTimeout, FetchPolicy fetch, int workers, int queue)
        implements Serializable {

    public static final CaptureSettings DEFAULT =
            new CaptureSettings(true, null, Duration.ofSeconds(10), FetchPolicy.DEFAULT, 4, 500);

    public CaptureSettings {
        Objects.requireNonNull(fetch, "evidence fetch policy");
        if (tsa != null && !"http".equals(tsa.getScheme()) && !"https".equals(tsa.getScheme())) {
            throw new IllegalArgumentException("evidence.tsa-url must be an http or https URL, was " + tsa);
        }
        if (tsaTimeout == null || tsaTimeout.isZero() || tsaTimeout.isNegative()) {
            throw new IllegalArgumentException("evidence.tsa-timeout must be a positive duration, was " + tsaTimeout);
        }
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("evidence.workers must be 1..64, was " + workers);
        }
        if (queue < 0 || queue > 100_000) {
            throw new IllegalArgumentException("evidence.queue must be 0..100000, was " + queue);
        }
    }

    /** The longest one post's capture can take when every item runs to its deadline: a safety net, not a target. */
    public Duration worstCase(int items) {
        return fetch.deadline().plus(tsaTimeout).multipliedBy(Math.max(1, items)).plusSeconds(30);
    }
}
