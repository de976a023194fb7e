package org.nigrani.jobs.source.x;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.nigrani.jobs.source.RawLine;

/** The fetcher thread runs the stream and the backfills; the task thread emits and keeps the split. */
final class XStreamReader
        extends SingleThreadMultiplexSourceReaderBase<XStreamRecord, RawLine, XStreamSplit, XStreamReader.SplitState> {

    /** The mutable split in a reader: that of the last emitted record. */
    static final class SplitState {
        XStreamSplit split;

        SplitState(XStreamSplit split) {
            this.split = split;
        }
    }

    /** Emits the line and moves the split past it (de-duplication happened in the fetcher). */
    static final class Emitter implements RecordEmitter<XStreamRecord, RawLine, SplitState> {
        @Override
        public void emitRecord(XStreamRecord record, SourceOutput<RawLine> output, SplitState state) {
            output.collect(record.line());
            state.split = record.after();
        }
    }

    XStreamReader(Supplier<SplitReader<XStreamRecord, XStreamSplit>> splitReader, SourceReaderContext context) {
        super(splitReader, new Emitter(), context.getConfiguration(), context);
    }

    @Override
    protected void onSplitFinished(Map<String, SplitState> finished) {}

    @Override
    protected SplitState initializedState(XStreamSplit split) {
        return new SplitState(split);
    }

    @Override
    protected XStreamSplit toSplitType(String splitId, SplitState state) {
        return state.split;
    }
}
