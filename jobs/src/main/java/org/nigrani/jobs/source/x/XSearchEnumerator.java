package org.nigrani.jobs.source.x;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands every query split to a reader as soon as that reader registers: split {@code i} (in configured order) goes to
 * subtask {@code i % parallelism}, so queries spread round-robin and each always lands on the same subtask. Splits a
 * failed reader gives back wait here until it registers again. In bounded mode each reader is told, once it has its
 * splits, that no more will come. The checkpoint is the set of unassigned splits; assigned splits are checkpointed by
 * their readers.
 */
final class XSearchEnumerator implements SplitEnumerator<XQuerySplit, XSearchEnumeratorState> {

    private final SplitEnumeratorContext<XQuerySplit> context;
    private final Map<String, XQuerySplit> unassigned = new LinkedHashMap<>();
    private final Map<String, Integer> order = new HashMap<>();
    private final boolean bounded;

    XSearchEnumerator(SplitEnumeratorContext<XQuerySplit> context, List<XQuery> queries, List<XQuerySplit> unassigned,
            boolean bounded) {
        this.context = context;
        this.bounded = bounded;
        for (int i = 0; i < queries.size(); i++) {
            order.put(queries.get(i).id(), i);
        }
        unassigned.forEach(s -> this.unassigned.put(s.splitId(), s));
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Push model: splits are assigned when readers register.
    }

    @Override
    public void addSplitsBack(List<XQuerySplit> splits, int subtaskId) {
        splits.forEach(s -> unassigned.put(s.splitId(), s));
        if (context.registeredReaders().containsKey(subtaskId)) {
            addReader(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        int parallelism = context.currentParallelism();
        List<XQuerySplit> mine = new ArrayList<>();
        for (Iterator<XQuerySplit> it = unassigned.values().iterator(); it.hasNext(); ) {
            XQuerySplit split = it.next();
            if (owner(split, parallelism) == subtaskId) {
                mine.add(split);
                it.remove();
            }
        }
        for (XQuerySplit split : mine) {
            context.assignSplit(split, subtaskId);
        }
        if (bounded) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    private int owner(XQuerySplit split, int parallelism) {
        Integer index = order.get(split.splitId());
        // A restored split whose query is no longer configured still gets a stable owner.
        int i = index != null ? index : split.splitId().hashCode();
        return Math.floorMod(i, parallelism);
    }

    @Override
    public XSearchEnumeratorState snapshotState(long checkpointId) {
        return new XSearchEnumeratorState(new ArrayList<>(unassigned.values()));
    }

    @Override
    public void close() {}
}
