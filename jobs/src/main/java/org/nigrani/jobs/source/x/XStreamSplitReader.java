package org.nigrani.jobs.source.x;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.source.RawLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link FilteredStreamClient} in a thread of its own ("x-stream-client") that puts every stream line and
 * every {@link FilteredStreamClient.Gap} into a bounded queue; {@link #fetch()} hands on what arrived since the last
 * fetch. When the queue is full the client thread waits (back-pressure: X sees a slow reader, the stall watchdog does
 * not count it). The client thread starts with the first fetch after the split arrives and first syncs the rules.
 *
 * <p>Gaps are backfilled in the fetcher thread, in queue order: recent search for every query with {@code since_id}
 * the newest post id emitted so far, every page to the end, oldest post first. A restored split (one with a newest
 * id) is backfilled before anything from the stream is handed on. Posts are de-duplicated by id against the last
 * {@code recentIds} emitted (stream copies of backfilled posts and the other way round). That set is not
 * checkpointed: after a restore a post may come through once more, which is harmless because every document
 * downstream is keyed by the post id.
 *
 * <p>A line that cannot be read is counted as an error and skipped; posts X marks unusable are counted.
 * {@link CredentialsRefusedException} (from the stream, the rules or the search) fails the job; a failed backfill
 * request (after {@link SearchPages}' own retries) is counted and logged, and that query's part of the gap stays
 * unfilled.
 */
final class XStreamSplitReader implements SplitReader<XStreamRecord, XStreamSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(XStreamSplitReader.class);
    static final String PATH = "x:stream";
    static final String ENDPOINT = "stream";
    static final int QUEUE_CAPACITY = 1_000;
    private static final int MAX_BATCH = 500;
    private static final long POLL_MILLIS = 100;

    private sealed interface Item permits Line, GapItem, Wake {}

    private record Line(byte[] bytes) implements Item {}

    private record GapItem(FilteredStreamClient.Gap gap) implements Item {}

    private enum Wake implements Item { INSTANCE }

    private final XStreamSource.StreamConnector connector;
    private final SearchPages.Factory searchFactory;
    private final List<XQuery> queries;
    private final long maxPosts;
    private final XStreamMetrics metrics;
    private final XPosts xposts = new XPosts(Clock.systemUTC());
    private final BlockingQueue<Item> queue;
    private final Map<String, Boolean> recent;

    private volatile boolean closed;
    private volatile Throwable failure;
    private FilteredStreamClient client;
    private Thread clientThread;
    private SearchPages search;

    /** The split as the fetcher sees it (ahead of emission). */
    private String newestId;
    private long sequence;
    private boolean assigned;
    private boolean backfillPending;
    private boolean finishedPending;

    /** @param maxPosts posts after which the split finishes (bounded mode); 0 for never */
    XStreamSplitReader(XStreamSource.StreamConnector connector, SearchPages.Factory searchFactory, List<XQuery> queries,
            long maxPosts, int recentIds, int queueCapacity, XStreamMetrics metrics) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.searchFactory = Objects.requireNonNull(searchFactory, "searchFactory");
        this.queries = List.copyOf(queries);
        this.maxPosts = maxPosts;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.recent = new LinkedHashMap<>(Math.min(recentIds, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > recentIds;
            }
        };
    }

    @Override
    public void handleSplitsChanges(SplitsChange<XStreamSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change.getClass().getSimpleName());
        }
        for (XStreamSplit split : change.splits()) {
            if (assigned) {
                throw new IllegalStateException("the X stream source has one split, got a second");
            }
            assigned = true;
            newestId = split.newestId();
            sequence = split.sequence();
            // A restore: the stream was down since the checkpoint.
            backfillPending = newestId != null;
            if (done()) {
                finishedPending = true;
            }
        }
    }

    private boolean done() {
        return maxPosts > 0 && sequence >= maxPosts;
    }

    @Override
    public RecordsWithSplitIds<XStreamRecord> fetch() throws IOException {
        RecordsBySplits.Builder<XStreamRecord> b = new RecordsBySplits.Builder<>();
        if (finishedPending) {
            finishedPending = false;
            assigned = false;
            stopClient();
            b.addFinishedSplit(XStreamSplit.ID);
            return b.build();
        }
        if (!assigned || closed) {
            pause();
            return b.build();
        }
        rethrowFailure();
        startClient();
        if (backfillPending) {
            backfillPending = false;
            backfill(b, "restore");
            return finish(b);
        }
        Item item;
        try {
            item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return b.build();
        }
        int n = 0;
        while (item != null && !done()) {
            if (item instanceof Line line) {
                line(line.bytes(), b);
            } else if (item instanceof GapItem gap) {
                backfill(b, "gap of " + gap.gap().length());
            }
            if (++n >= MAX_BATCH) {
                break;
            }
            item = queue.poll();
        }
        rethrowFailure();
        return finish(b);
    }

    private RecordsWithSplitIds<XStreamRecord> finish(RecordsBySplits.Builder<XStreamRecord> b) {
        if (done()) {
            assigned = false;
            stopClient();
            b.addFinishedSplit(XStreamSplit.ID);
        }
        return b.build();
    }

    private void line(byte[] bytes, RecordsBySplits.Builder<XStreamRecord> b) {
        XPosts.Page page;
        try {
            page = xposts.read(bytes, ENDPOINT);
        } catch (UnreadableResponse | RuntimeException e) {
            metrics.errors.inc();
            LOG.warn("X stream: skipping a line that cannot be read ({} bytes): {}", bytes.length, e.getMessage());
            return;
        }
        metrics.unusable.inc(page.unusable().size());
        for (Post post : page.posts()) {
            emit(post, b, false);
        }
    }

    private void emit(Post post, RecordsBySplits.Builder<XStreamRecord> b, boolean backfill) {
        if (done()) {
            return;
        }
        if (recent.putIfAbsent(post.id(), Boolean.TRUE) != null) {
            metrics.duplicates.inc();
            return;
        }
        byte[] bytes = PostLines.write(post);
        RawLine line = new RawLine(PATH, sequence, bytes, bytes.length);
        sequence++;
        newestId = XQuerySplit.newer(newestId, post.id());
        b.add(XStreamSplit.ID, new XStreamRecord(line, new XStreamSplit(newestId, sequence)));
        metrics.emitted.inc();
        metrics.sawPost(post.createdAt().toEpochMilli());
        if (backfill) {
            metrics.backfilled.inc();
        }
    }

    /** Recent search for every query since the newest id emitted; the posts go out oldest first. */
    private void backfill(RecordsBySplits.Builder<XStreamRecord> b, String why) {
        String since = newestId;
        if (since == null) {
            LOG.info("X stream: {} before any post; nothing to backfill from", why);
            return;
        }
        if (search == null) {
            search = searchFactory.open();
        }
        List<Post> found = new ArrayList<>();
        for (XQuery query : queries) {
            String token = null;
            try {
                do {
                    metrics.backfillRequests.inc();
                    XPosts.Page page = search.fetch(query, since, token);
                    metrics.unusable.inc(page.unusable().size());
                    found.addAll(page.posts());
                    String next = page.meta().nextToken();
                    token = next != null && !next.equals(token) ? next : null;
                } while (token != null && !closed);
            } catch (IOException e) {
                metrics.errors.inc();
                LOG.warn("X stream: backfill ({}) of query '{}' since {} failed; that part of the gap stays unfilled: {}",
                        why, query.id(), since, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        found.sort((x, y) -> XQuerySplit.ID_ORDER.compare(x.id(), y.id()));
        long before = metrics.backfilled.getCount();
        for (Post post : found) {
            emit(post, b, true);
        }
        LOG.info("X stream: backfill ({}) since {} found {} posts, {} new", why, since, found.size(),
                metrics.backfilled.getCount() - before);
    }

    private void startClient() {
        if (clientThread != null) {
            return;
        }
        List<FilteredStreamClient.Rule> rules =
                queries.stream().map(q -> new FilteredStreamClient.Rule(q.query(), q.id())).toList();
        client = connector.open(rules);
        metrics.client(client);
        FilteredStreamClient c = client;
        clientThread = new Thread(() -> runClient(c), "x-stream-client");
        clientThread.setDaemon(true);
        clientThread.start();
    }

    private void runClient(FilteredStreamClient c) {
        try {
            c.syncRules();
            c.run(bytes -> put(new Line(bytes)), gap -> put(new GapItem(gap)));
        } catch (CancellationException e) {
            // closed while waiting for room in the queue
        } catch (InterruptedException e) {
            if (!closed) {
                failure = e;
            }
        } catch (Throwable t) {
            if (!closed) {
                LOG.error("X stream: the client failed", t);
                failure = t;
            }
        } finally {
            queue.offer(Wake.INSTANCE);
        }
    }

    /** Waits for room in the queue (back-pressure) until the reader closes. */
    private void put(Item item) {
        try {
            while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("X stream reader closed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("X stream reader closed");
        }
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        throw new IOException("X stream client failed", t);
    }

    private void pause() {
        try {
            // Without a split (or after it finished) anything left in the queue is dropped.
            queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopClient() {
        FilteredStreamClient c = client;
        if (c != null) {
            c.close();
        }
        Thread t = clientThread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void wakeUp() {
        queue.offer(Wake.INSTANCE);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        stopClient();
        Thread t = clientThread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
        if (search != null) {
            search.close();
            search = null;
        }
    }
}
