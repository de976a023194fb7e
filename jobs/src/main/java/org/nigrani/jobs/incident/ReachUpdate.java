package org.nigrani.jobs.incident;

import java.io.Serializable;
import java.time.Instant;

/**
 * What a later look at a flagged post found: its reach now, or that it is gone.
 *
 * @param key the incident key of the post, to reach its incident
 * @param documentId the post's document id
 * @param createdAt the post's creation time, which names the index its document is in
 * @param status {@code live}, {@code deleted} or {@code withheld}
 * @param views the view count now (of the post or its video, whichever is higher); -1 when gone
 */
public record ReachUpdate(String key, String documentId, Instant createdAt, String status, long views, long reposts,
        Instant checked) implements Serializable {

    public static final String LIVE = "live";
    public static final String DELETED = "deleted";
    public static final String WITHHELD = "withheld";

    public boolean gone() {
        return !LIVE.equals(status);
    }
}
