package org.nigrani.jobs.source.x;

import java.util.Comparator;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One configured search query and its cursor: the unit {@link XSearchSource} assigns to a reader. The split id is the
 * query id.
 */
public record XQuerySplit(XQuery query, Cursor cursor) implements SourceSplit {

    public XQuerySplit {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(cursor, "cursor");
    }

    public static XQuerySplit start(XQuery query) {
        return new XQuerySplit(query, Cursor.START);
    }

    @Override
    public String splitId() {
        return query.id();
    }

    /**
     * Where a query's polling stands, as of the last record emitted downstream.
     *
     * <p>A poll cycle asks for everything newer than {@code sinceId}, page after page (X pages newest first), and only
     * when its last page has been emitted does {@code sinceId} become the cycle's newest id. Mid-cycle, {@code
     * nextToken} is the token of the page being read (null: the cycle's first page), {@code pagePosition} how many
     * posts of that page were already emitted, and {@code cycleNewestId} the newest id the cycle has seen. A restore
     * re-requests that page with the same {@code sinceId} and token and skips {@code pagePosition} posts: no gap, no
     * duplicate.
     *
     * @param sinceId the newest post id fully emitted; null before the first completed cycle (X's default window)
     * @param cycleNewestId the newest id seen by the current cycle; null between cycles
     * @param nextToken the page token of the page being read; null for a cycle's first page
     * @param pagePosition posts of the current page already emitted
     * @param sequence the offset the next emitted line gets (increases by one per post of the query)
     * @param cycles poll cycles completed (bounded mode stops after a number of them)
     */
    public record Cursor(String sinceId, String cycleNewestId, String nextToken, int pagePosition, long sequence, long cycles) {

        public static final Cursor START = new Cursor(null, null, null, 0, 0, 0);

        public Cursor {
            if (pagePosition < 0 || sequence < 0 || cycles < 0) {
                throw new IllegalArgumentException("negative cursor field: " + pagePosition + ", " + sequence + ", " + cycles);
            }
        }

        public boolean midCycle() {
            return cycleNewestId != null || nextToken != null || pagePosition > 0;
        }
    }

    /** Orders X post ids (decimal numbers up to 19 digits) numerically; null is oldest. */
    static final Comparator<String> ID_ORDER =
            Comparator.nullsFirst(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));

    static String newer(String a, String b) {
        return ID_ORDER.compare(a, b) >= 0 ? a : b;
    }
}
