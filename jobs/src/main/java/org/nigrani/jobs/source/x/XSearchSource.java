package org.nigrani.jobs.source.x;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.nigrani.jobs.source.RawLine;

/**
 * Polls X recent search for each configured {@link XQuery} and emits every post found as a {@link RawLine} of the
 * JSON Lines input format ({@link PostLines}), so the rest of the job parses X posts exactly like file input.
 *
 * <p>One split per query holds the query's cursor ({@link XQuerySplit.Cursor}): a poll cycle fetches every page newer
 * than {@code since_id}, and {@code since_id} moves to the cycle's newest id only once the cycle's last page has
 * been emitted; checkpoints hold the position inside a cycle, so a restore resumes with the same {@code since_id},
 * page token and position. Each line's path is {@code x:search:<query id>}, its offset a per-query sequence number.
 * A post found by several queries is emitted once (per reader, among the last {@code recentIds} posts). Posts X marks
 * unusable are counted, not emitted.
 *
 * <p>Unbounded by default; {@link #bounded} stops each query after a number of poll cycles (tests, replays).
 */
public final class XSearchSource
        implements Source<RawLine, XQuerySplit, XSearchEnumeratorState>, ResultTypeQueryable<RawLine> {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_RECENT_IDS = 100_000;
    private static final long serialVersionUID = 1L;

    private final SearchPages.Factory pages;
    private final List<XQuery> queries;
    private final long pollIntervalMillis;
    private final long maxCycles;
    private final int recentIds;

    /**
     * @param pages builds the X client in each reader
     * @param queries the queries, with distinct ids; fixed at the job's first start (a restore keeps the saved splits)
     * @param pollInterval the pause between a query's poll cycles
     * @param maxCycles poll cycles per query before the source ends; 0 for an unbounded source
     * @param recentIds how many recent post ids each reader remembers to drop duplicates across queries
     */
    public XSearchSource(SearchPages.Factory pages, List<XQuery> queries, Duration pollInterval, long maxCycles, int recentIds) {
        this.pages = Objects.requireNonNull(pages, "pages");
        this.queries = List.copyOf(queries);
        if (this.queries.isEmpty()) {
            throw new IllegalArgumentException("the X search source needs at least one query");
        }
        Set<String> ids = new HashSet<>();
        for (XQuery q : this.queries) {
            if (!ids.add(q.id())) {
                throw new IllegalArgumentException("two X queries have the id '" + q.id() + "'");
            }
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + pollInterval);
        }
        if (maxCycles < 0) {
            throw new IllegalArgumentException("maxCycles must be 0 (unbounded) or positive, was " + maxCycles);
        }
        if (recentIds < 1) {
            throw new IllegalArgumentException("recentIds must be positive, was " + recentIds);
        }
        this.pollIntervalMillis = pollInterval.toMillis();
        this.maxCycles = maxCycles;
        this.recentIds = recentIds;
    }

    /** An unbounded source polling every {@link #DEFAULT_POLL_INTERVAL}. */
    public static XSearchSource continuous(SearchPages.Factory pages, List<XQuery> queries) {
        return continuous(pages, queries, DEFAULT_POLL_INTERVAL);
    }

    public static XSearchSource continuous(SearchPages.Factory pages, List<XQuery> queries, Duration pollInterval) {
        return new XSearchSource(pages, queries, pollInterval, 0, DEFAULT_RECENT_IDS);
    }

    /** A bounded source: every query runs {@code cycles} poll cycles, then the source ends. */
    public static XSearchSource bounded(SearchPages.Factory pages, List<XQuery> queries, Duration pollInterval, long cycles) {
        if (cycles < 1) {
            throw new IllegalArgumentException("a bounded X search runs at least one cycle, was " + cycles);
        }
        return new XSearchSource(pages, queries, pollInterval, cycles, DEFAULT_RECENT_IDS);
    }

    public List<XQuery> queries() {
        return queries;
    }

    @Override
    public Boundedness getBoundedness() {
        return maxCycles > 0 ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RawLine, XQuerySplit> createReader(SourceReaderContext context) {
        XSearchMetrics metrics = new XSearchMetrics(context.metricGroup());
        return new XSearchReader(() -> new XSearchSplitReader(pages, pollIntervalMillis, maxCycles, metrics),
                new XSearchEmitter(recentIds, metrics), context);
    }

    @Override
    public SplitEnumerator<XQuerySplit, XSearchEnumeratorState> createEnumerator(SplitEnumeratorContext<XQuerySplit> context) {
        return new XSearchEnumerator(context, queries, queries.stream().map(XQuerySplit::start).toList(), maxCycles > 0);
    }

    @Override
    public SplitEnumerator<XQuerySplit, XSearchEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<XQuerySplit> context, XSearchEnumeratorState state) {
        return new XSearchEnumerator(context, queries, state.unassigned(), maxCycles > 0);
    }

    @Override
    public SimpleVersionedSerializer<XQuerySplit> getSplitSerializer() {
        return XQuerySplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<XSearchEnumeratorState> getEnumeratorCheckpointSerializer() {
        return XSearchEnumeratorState.Serializer.INSTANCE;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
