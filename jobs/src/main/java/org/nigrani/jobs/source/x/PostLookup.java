package org.nigrani.jobs.source.x;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Post lookup by id: what a job needs from X to re-read known posts, so it can be tested without X.
 * Implementations wait out rate limits and retry transient failures themselves; what they throw is final.
 */
public interface PostLookup extends Closeable {

    /** X answers at most this many ids per request. */
    int MAX_IDS = 100;

    /**
     * The posts with these ids. Ids X cannot find come back as {@link XPosts.Unusable} with
     * {@link XPosts.Reason#DELETED}, withheld posts with {@link XPosts.Reason#WITHHELD}; the page has no meta.
     *
     * @param ids 1 to {@link #MAX_IDS} post ids (decimal strings)
     * @throws IllegalArgumentException for no ids, more than {@link #MAX_IDS}, or an id that is not a post id
     * @throws CredentialsRefusedException when X refuses the bearer token (401/403): not worth retrying
     */
    XPosts.Page lookup(List<String> ids) throws IOException, InterruptedException;

    /** Builds the client where it runs, from configuration that travels in the job graph. */
    interface Factory extends Serializable {
        PostLookup open();
    }
}
