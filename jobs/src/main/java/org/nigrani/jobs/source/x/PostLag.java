package org.nigrani.jobs.source.x;

/** How far behind the newest post a source has emitted is: the lag gauge of both X sources. */
final class PostLag {

    private volatile long newestPostMillis = Long.MIN_VALUE;

    /** Called by the one thread that emits posts. */
    void saw(long createdAtMillis) {
        if (createdAtMillis > newestPostMillis) {
            newestPostMillis = createdAtMillis;
        }
    }

    /** Now minus the creation time of the newest post emitted; -1 before the first. */
    long millis() {
        long newest = newestPostMillis;
        return newest == Long.MIN_VALUE ? -1 : Math.max(0, System.currentTimeMillis() - newest);
    }
}
