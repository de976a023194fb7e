package org.nigrani.jobs.source.x;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.nigrani.jobs.source.RawLine;

/**
 * Emits a record's line unless the same post id was emitted recently (overlapping queries find the same post), then
 * moves the split's cursor past the record. The recent-id set is bounded and lives only in memory: after a restore a
 * post can come through once more, which is harmless because every document downstream is keyed by the post id.
 * One instance per reader, shared by its splits, so duplicates across queries are caught.
 */
final class XSearchEmitter implements RecordEmitter<XSearchRecord, RawLine, XSearchEmitter.SplitState> {

    /** The mutable state of one split in a reader. */
    static final class SplitState {
        final XQuery query;
        XQuerySplit.Cursor cursor;

        SplitState(XQuerySplit split) {
            this.query = split.query();
            this.cursor = split.cursor();
        }

        XQuerySplit toSplit() {
            return new XQuerySplit(query, cursor);
        }
    }

    private final Map<String, Boolean> recent;
    private final XSearchMetrics metrics;

    XSearchEmitter(int recentIds, XSearchMetrics metrics) {
        this.metrics = metrics;
        this.recent = new LinkedHashMap<>(Math.min(recentIds, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > recentIds;
            }
        };
    }

    @Override
    public void emitRecord(XSearchRecord record, SourceOutput<RawLine> output, SplitState state) {
        if (record.line() != null) {
            if (recent.putIfAbsent(record.postId(), Boolean.TRUE) == null) {
                output.collect(record.line());
                metrics.emitted.inc();
                metrics.sawPost(record.createdAtMillis());
            } else {
                metrics.duplicates.inc();
            }
        }
        state.cursor = record.cursor();
    }
}
