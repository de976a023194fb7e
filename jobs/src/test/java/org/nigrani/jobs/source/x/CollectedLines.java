package org.nigrani.jobs.source.x;

import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceOutput;
import org.nigrani.jobs.source.RawLine;

/** A source output that keeps the lines an emitter hands it, for tests that drive a split reader by hand. */
final class CollectedLines implements SourceOutput<RawLine> {

    private final List<RawLine> lines;

    CollectedLines(List<RawLine> lines) {
        this.lines = lines;
    }

    @Override
    public void collect(RawLine record) {
        lines.add(record);
    }

    @Override
    public void collect(RawLine record, long timestamp) {
        lines.add(record);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
}
