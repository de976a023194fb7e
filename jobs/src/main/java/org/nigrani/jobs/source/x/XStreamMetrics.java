package org.nigrani.jobs.source.x;

import java.util.function.ToLongFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The X stream source's metrics on the reader's metric group. The connection counters are the
 * {@link FilteredStreamClient}'s, exposed as gauges (0 before the client exists); the others are counted by the
 * fetcher thread.
 */
final class XStreamMetrics {

    final Counter emitted;
    final Counter backfilled;
    final Counter duplicates;
    final Counter unusable;
    final Counter errors;
    final Counter backfillRequests;
    private volatile FilteredStreamClient client;
    private final PostLag lag = new PostLag();

    XStreamMetrics(MetricGroup group) {
        emitted = group.counter("nigraniXStreamPostsEmitted");
        backfilled = group.counter("nigraniXStreamBackfilled");
        duplicates = group.counter("nigraniXStreamDuplicates");
        unusable = group.counter("nigraniXStreamUnusable");
        errors = group.counter("nigraniXStreamErrors");
        backfillRequests = group.counter("nigraniXStreamBackfillRequests");
        gauge(group, "nigraniXStreamConnections", FilteredStreamClient::connections);
        gauge(group, "nigraniXStreamReconnects", FilteredStreamClient::reconnects);
        gauge(group, "nigraniXStreamKeepAlives", FilteredStreamClient::keepAlives);
        gauge(group, "nigraniXStreamStalls", FilteredStreamClient::stalls);
        gauge(group, "nigraniXStream429s", FilteredStreamClient::tooManyRequests);
        gauge(group, "nigraniXStreamConnectionErrors", FilteredStreamClient::errors);
        group.gauge("nigraniXStreamLagMs", lag::millis);
    }

    void sawPost(long createdAtMillis) {
        lag.saw(createdAtMillis);
    }

    private void gauge(MetricGroup group, String name, ToLongFunction<FilteredStreamClient> value) {
        group.gauge(name, () -> {
            FilteredStreamClient c = client;
            return c == null ? 0L : value.applyAsLong(c);
        });
    }

    void client(FilteredStreamClient c) {
        client = c;
    }
}
