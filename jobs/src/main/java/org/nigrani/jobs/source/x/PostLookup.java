package org.nigrani.jobs.source.x;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/** Post lookup by id, up to 100 at a time: what the reach refresh needs from X. */
public interface PostLookup extends Closeable {

    /** The posts still there, and the ids found deleted or withheld as unusable. */
    XPosts.Page lookup(List<String> ids) throws IOException, InterruptedException;

    /** Builds the client where it runs, from configuration that travels in the job graph. */
    interface Factory extends Serializable {
        PostLookup open();
    }
}
