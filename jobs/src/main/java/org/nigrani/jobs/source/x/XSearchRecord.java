package org.nigrani.jobs.source.x;

import org.nigrani.jobs.source.RawLine;

/**
 * What the split reader hands the emitter: a post's line (or none, for the end of a page) and the query's cursor
 * once this record is emitted. The cursor travels with the records because the fetcher runs ahead of emission, and a
 * checkpoint must hold the cursor of what was actually emitted.
 *
 * @param postId the post's id, for de-duplication; null when {@code line} is null
 * @param createdAtMillis the post's creation time, for the lag gauge
 */
record XSearchRecord(RawLine line, String postId, long createdAtMillis, XQuerySplit.Cursor cursor) {

    static XSearchRecord cursorOnly(XQuerySplit.Cursor cursor) {
        return new XSearchRecord(null, null, 0, cursor);
    }
}
