package org.nigrani.jobs.source.x;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The X search source's metrics on the reader's metric group. Requests, pages, unusable posts and errors are counted
 * by the fetcher thread; emitted and duplicate posts and the lag by the task thread (each counter has one writer).
 */
final class XSearchMetrics {

    final Counter requests;
    final Counter pages;
    final Counter unusable;
    final Counter errors;
    final Counter emitted;
    final Counter duplicates;
    private final PostLag lag = new PostLag();
    private final MetricGroup group;

    XSearchMetrics(MetricGroup group) {
        this.group = group;
        requests = group.counter("nigraniXSearchRequests");
        pages = group.counter("nigraniXSearchPages");
        unusable = group.counter("nigraniXSearchUnusable");
        errors = group.counter("nigraniXSearchErrors");
        emitted = group.counter("nigraniXSearchPostsEmitted");
        duplicates = group.counter("nigraniXSearchDuplicates");
        group.gauge("nigraniXSearchLagMs", lag::millis);
    }

    /** Reports X's 429 answers as the search client counts them. */
    void countRateLimits(java.util.function.LongSupplier tooManyRequests) {
        group.gauge("nigraniXSearch429s", tooManyRequests::getAsLong);
    }

    void sawPost(long createdAtMillis) {
        lag.saw(createdAtMillis);
    }

    long lagMillis() {
        return lag.millis();
    }
}
