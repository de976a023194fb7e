package org.nigrani.jobs.source.x;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the single stream split to subtask 0 when it registers (and again after it failed and gave the split back);
 * other subtasks stay idle. In bounded mode every reader is told that no more splits will come.
 */
final class XStreamEnumerator implements SplitEnumerator<XStreamSplit, XStreamEnumeratorState> {

    static final int OWNER = 0;

    private final SplitEnumeratorContext<XStreamSplit> context;
    private final List<XStreamSplit> unassigned;
    private final boolean bounded;

    XStreamEnumerator(SplitEnumeratorContext<XStreamSplit> context, List<XStreamSplit> unassigned, boolean bounded) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
        this.bounded = bounded;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<XStreamSplit> splits, int subtaskId) {
        unassigned.clear();
        unassigned.addAll(splits);
        if (context.registeredReaders().containsKey(OWNER)) {
            addReader(OWNER);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (subtaskId == OWNER && !unassigned.isEmpty()) {
            context.assignSplit(unassigned.get(0), subtaskId);
            unassigned.clear();
        }
        if (bounded) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public XStreamEnumeratorState snapshotState(long checkpointId) {
        return new XStreamEnumeratorState(unassigned);
    }

    @Override
    public void close() {}
}
