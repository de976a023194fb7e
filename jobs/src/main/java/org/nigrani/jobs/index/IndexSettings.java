package org.nigrani.jobs.index;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the sink batches and retries writes to Elasticsearch, and how the indices it creates are set up.
 *
 * @param maxBatchActions documents per bulk request at most
 * @param maxBatchBytes bytes per bulk request at most
 * @param flushInterval how long a document may wait in the buffer before a bulk request is sent anyway
 * @param maxInFlight bulk requests under way at once per subtask
 * @param maxBuffered documents buffered per subtask before the job is back-pressured
 * @param initialBackoff the first wait after a retriable failure; it doubles up to {@code maxBackoff}
 */
public record IndexSettings(
        int maxBatchActions,
        long maxBatchBytes,
        Duration flushInterval,
        int maxInFlight,
        int maxBuffered,
        Duration initialBackoff,
        Duration maxBackoff,
        int replicas,
        String refreshInterval)
        implements Serializable {

    public static final int DEFAULT_MAX_BATCH_ACTIONS = 1000;
    public static final long DEFAULT_MAX_BATCH_BYTES = 5L * 1024 * 1024;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    public static final int DEFAULT_MAX_BUFFERED = 10_000;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public IndexSettings {
        positive("index.bulk-max-actions", maxBatchActions);
        positive("index.bulk-max-in-flight", maxInFlight);
        if (maxBatchBytes < 64 * 1024) {
            throw new IllegalArgumentException("index.bulk-max-bytes must be at least 64kb, was " + maxBatchBytes + " bytes");
        }
        if (maxBuffered < maxBatchActions) {
            throw new IllegalArgumentException("index.max-buffered (" + maxBuffered + ") must be at least index.bulk-max-actions (" + maxBatchActions + ")");
        }
        positive("index.flush-interval", flushInterval);
        positive("index.initial-backoff", initialBackoff);
        positive("index.max-backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("index.max-backoff must not be shorter than index.initial-backoff");
        }
        if (refreshInterval == null || !refreshInterval.matches("-1|\\d+(ms|s|m)")) {
            throw new IllegalArgumentException("index.refresh-interval must look like 1s, 500ms or -1, was '" + refreshInterval + "'");
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("index.replicas must be 0 or more, was " + replicas);
        }
    }

    public static final IndexSettings DEFAULTS = new IndexSettings(DEFAULT_MAX_BATCH_ACTIONS, DEFAULT_MAX_BATCH_BYTES, DEFAULT_FLUSH_INTERVAL,
            DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_BUFFERED, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, 0, "1s");

    /**
     * The settings for a sink whose updates to one document must apply in the order they were made (incidents):
     * one bulk request in flight, so a later update can never overtake an earlier one.
     */
    public IndexSettings inOrder() {
        return new IndexSettings(maxBatchActions, maxBatchBytes, flushInterval, 1, maxBuffered, initialBackoff, maxBackoff,
                replicas, refreshInterval);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + value);
        }
    }
}
