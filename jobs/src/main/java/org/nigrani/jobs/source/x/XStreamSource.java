package org.nigrani.jobs.source.x;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The X API v2 filtered stream as a source: every post the stream delivers for the configured {@link XQuery}s (one
 * stream rule per query: value = query text, tag = query id) comes out as a {@link RawLine} of the JSON Lines input
 * format ({@link PostLines}), path {@code x:stream}, offset a sequence number.
 *
 * <p>One split, read by subtask 0 (X allows one stream connection per app). The split holds the newest post id
 * emitted; after every reconnection of the stream, and once after a restore, recent search fills the gap with the
 * posts newer than it (see {@link XStreamSplitReader}). Posts are de-duplicated by id among the last
 * {@code recentIds}.
 *
 * <p>Unbounded by default; {@link #bounded} ends after a number of posts (tests, replays).
 */
public final class XStreamSource
        implements Source<RawLine, XStreamSplit, XStreamEnumeratorState>, ResultTypeQueryable<RawLine> {

    public static final int DEFAULT_RECENT_IDS = 100_000;
    private static final long serialVersionUID = 1L;

    /** Builds the stream client where it runs (in the source reader), from configuration in the job graph. */
    @FunctionalInterface
    public interface StreamConnector extends Serializable {
        FilteredStreamClient open(List<FilteredStreamClient.Rule> rules);
    }

    /**
     * The real stream: holds the base URI and the NAME of the environment variable with the bearer token, never the
     * token (read in {@link #open}). Asks for the same post fields and expansions as recent search.
     */
    public record Connector(URI baseUri, String tokenVariable, XRecentSearch.Environment environment, Duration stallTimeout)
            implements StreamConnector {

        public Connector {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(tokenVariable, "tokenVariable");
            environment = environment == null ? XRecentSearch.SystemEnvironment.INSTANCE : environment;
            stallTimeout = stallTimeout == null ? FilteredStreamClient.Settings.DEFAULT_STALL_TIMEOUT : stallTimeout;
        }

        public Connector(URI baseUri, String tokenVariable) {
            this(baseUri, tokenVariable, XRecentSearch.SystemEnvironment.INSTANCE, null);
        }

        /** @throws IllegalStateException naming the variable when it is unset or blank */
        @Override
        public FilteredStreamClient open(List<FilteredStreamClient.Rule> rules) {
            String token = environment.get(tokenVariable);
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("no X bearer token for the filtered stream: the environment variable "
                        + tokenVariable + " is unset or empty");
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("tweet.fields", XRecentSearch.TWEET_FIELDS);
            parameters.put("expansions", XRecentSearch.EXPANSIONS);
            parameters.put("media.fields", XRecentSearch.MEDIA_FIELDS);
            parameters.put("user.fields", XRecentSearch.USER_FIELDS);
            return new FilteredStreamClient(new FilteredStreamClient.Settings(
                    baseUri, token.strip(), tokenVariable, stallTimeout, rules, parameters));
        }
    }

    private final StreamConnector stream;
    private final SearchPages.Factory search;
    private final List<XQuery> queries;
    private final long maxPosts;
    private final int recentIds;

    /**
     * @param stream builds the stream client in the reader
     * @param search builds the recent-search client that backfills gaps
     * @param queries the stream rules and backfill queries, with distinct ids
     * @param maxPosts posts after which the source ends; 0 for an unbounded source
     * @param recentIds how many recent post ids the reader remembers to drop duplicates
     */
    public XStreamSource(StreamConnector stream, SearchPages.Factory search, List<XQuery> queries, long maxPosts, int recentIds) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.search = Objects.requireNonNull(search, "search");
        this.queries = List.copyOf(queries);
        if (this.queries.isEmpty()) {
            throw new IllegalArgumentException("the X stream source needs at least one query");
        }
        if (this.queries.size() > FilteredStreamClient.MAX_RULES) {
            throw new IllegalArgumentException("X allows at most " + FilteredStreamClient.MAX_RULES + " stream rules");
        }
        Set<String> ids = new HashSet<>();
        for (XQuery q : this.queries) {
            if (!ids.add(q.id())) {
                throw new IllegalArgumentException("two X queries have the id '" + q.id() + "'");
            }
        }
        if (maxPosts < 0) {
            throw new IllegalArgumentException("maxPosts must be 0 (unbounded) or positive, was " + maxPosts);
        }
        if (recentIds < 1) {
            throw new IllegalArgumentException("recentIds must be positive, was " + recentIds);
        }
        this.maxPosts = maxPosts;
        this.recentIds = recentIds;
    }

    /** The unbounded source: the real stream at {@code baseUri}, gaps backfilled by {@link XRecentSearch}. */
    public static XStreamSource continuous(URI baseUri, String tokenVariable, List<XQuery> queries) {
        return continuous(new Connector(baseUri, tokenVariable), new XRecentSearch.Factory(baseUri, tokenVariable), queries);
    }

    public static XStreamSource continuous(StreamConnector stream, SearchPages.Factory search, List<XQuery> queries) {
        return new XStreamSource(stream, search, queries, 0, DEFAULT_RECENT_IDS);
    }

    /** A bounded source: ends once {@code posts} posts were emitted. */
    public static XStreamSource bounded(StreamConnector stream, SearchPages.Factory search, List<XQuery> queries, long posts) {
        if (posts < 1) {
            throw new IllegalArgumentException("a bounded X stream emits at least one post, was " + posts);
        }
        return new XStreamSource(stream, search, queries, posts, DEFAULT_RECENT_IDS);
    }

    public List<XQuery> queries() {
        return queries;
    }

    @Override
    public Boundedness getBoundedness() {
        return maxPosts > 0 ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RawLine, XStreamSplit> createReader(SourceReaderContext context) {
        XStreamMetrics metrics = new XStreamMetrics(context.metricGroup());
        return new XStreamReader(() -> new XStreamSplitReader(stream, search, queries, maxPosts, recentIds,
                XStreamSplitReader.QUEUE_CAPACITY, metrics), context);
    }

    @Override
    public SplitEnumerator<XStreamSplit, XStreamEnumeratorState> createEnumerator(SplitEnumeratorContext<XStreamSplit> context) {
        return new XStreamEnumerator(context, List.of(XStreamSplit.START), maxPosts > 0);
    }

    @Override
    public SplitEnumerator<XStreamSplit, XStreamEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<XStreamSplit> context, XStreamEnumeratorState state) {
        return new XStreamEnumerator(context, state.unassigned(), maxPosts > 0);
    }

    @Override
    public SimpleVersionedSerializer<XStreamSplit> getSplitSerializer() {
        return XStreamSplit.Serializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<XStreamEnumeratorState> getEnumeratorCheckpointSerializer() {
        return XStreamEnumeratorState.Serializer.INSTANCE;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
