package org.nigrani.jobs.source.x;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.nigrani.jobs.source.RawLine;

/** One fetcher thread polls all of this reader's queries; the task thread emits and keeps the cursors. */
final class XSearchReader
        extends SingleThreadMultiplexSourceReaderBase<XSearchRecord, RawLine, XQuerySplit, XSearchEmitter.SplitState> {

    XSearchReader(Supplier<SplitReader<XSearchRecord, XQuerySplit>> splitReader, XSearchEmitter emitter,
            SourceReaderContext context) {
        super(splitReader, emitter, context.getConfiguration(), context);
    }

    @Override
    protected void onSplitFinished(Map<String, XSearchEmitter.SplitState> finished) {}

    @Override
    protected XSearchEmitter.SplitState initializedState(XQuerySplit split) {
        return new XSearchEmitter.SplitState(split);
    }

    @Override
    protected XQuerySplit toSplitType(String splitId, XSearchEmitter.SplitState state) {
        return state.toSplit();
    }
}
