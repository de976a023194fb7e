package org.nigrani.jobs.source.x;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;

/**
 * Recent search, one page at a time: what the search source needs from X, so the source can be tested without it.
 * Implementations wait out rate limits and retry transient failures themselves; what they throw is final for
 * this attempt.
 */
public interface SearchPages extends Closeable {

    /**
     * The next page of posts newer than {@code sinceId} (null: X's default window), continuing at {@code nextToken}
     * (null: the first page). Pages come newest first.
     *
     * @throws CredentialsRefusedException when X refuses the bearer token (401/403): not worth retrying
     */
    XPosts.Page fetch(XQuery query, String sinceId, String nextToken) throws IOException, InterruptedException;

    /** How many times X answered 429 so far (for the source's metrics); 0 where not counted. */
    default long tooManyRequests() {
        return 0;
    }

    /** Builds the client where it runs (in the source reader), from configuration that travels in the job graph. */
    interface Factory extends Serializable {
        SearchPages open();
    }
}
