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
    private volatile long newestPostMillis = Long.MIN_VALUE;
    private final MetricGroup group;

    XSearchMetrics(MetricGroup group) {
        this.group = group;
        requests = group.counter("nigraniXSearchRequests");
        pages = group.counter("nigraniXSearchPages");
        unusable = group.counter("nigraniXSearchUnusable");
        errors = group.counter("nigraniXSearchErrors");
        emitted = group.counter("nigraniXSearchPostsEmitted");
        duplicates = group.counter("nigraniXSearchDuplicates");
        group.gauge("nigraniXSearchLagMs", this::lagMillis);
    }

    /** Reports X's 429 answers as the search client counts them. */
    void countRateLimits(java.util.function.LongSupplier tooManyRequests) {
        group.gauge("nigraniXSearch429s", tooManyRequests::getAsLong);
    }

    void sawPost(long createdAtMillis) {
        if (createdAtMillis > newestPostMillis) {
            newestPostMillis = createdAtMillis;
        }
    }

    /** Now minus the creation time of the newest post emitted; -1 before the first. */
    long lagMillis() {
        long newest = newestPostMillis;
        return newest == Long.MIN_VALUE ? -1 : Math.max(0, System.currentTimeMillis() - newest);
    }
}
