package org.nigrani.jobs.source.x;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
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
 * Polls the reader's queries, one page per {@link #fetch()}: a query whose cycle is under way gets its next page at
 * once, a query between cycles when its poll interval has passed; queries take turns. Builds its {@link SearchPages}
 * from the factory on first use (the client is made where it runs) and closes it in {@link #close()}.
 *
 * <p>Keeps its own copy of each cursor, ahead of what the task thread has emitted; every record carries the cursor
 * after it, so the checkpointed cursor is always that of the last emitted record. A failed request (an {@link
 * IOException} from {@link SearchPages}, which has already retried) is counted and tried again after the poll
 * interval from the same cursor; {@link CredentialsRefusedException} fails the job.
 */
final class XSearchSplitReader implements SplitReader<XSearchRecord, XQuerySplit> {

    private static final Logger LOG = LoggerFactory.getLogger(XSearchSplitReader.class);
    static final String PATH_PREFIX = "x:search:";
    private static final long MAX_WAIT_MILLIS = 1_000;

    /** A split as the fetcher sees it. */
    private static final class Active {
        final XQuery query;
        final String path;
        XQuerySplit.Cursor cursor;
        /** When the next request may go out: 0 at first, the end of a cycle plus the interval, or a retry time. */
        long nextPollAt;

        Active(XQuerySplit split) {
            this.query = split.query();
            this.path = PATH_PREFIX + query.id();
            this.cursor = split.cursor();
        }
    }

    private final SearchPages.Factory factory;
    private final long pollIntervalMillis;
    private final long maxCycles;
    private final XSearchMetrics metrics;
    private final Deque<Active> active = new ArrayDeque<>();
    private final List<String> finishedPending = new ArrayList<>();
    private final Object lock = new Object();
    private boolean wakeUp;
    // Read by the metrics reporter's thread for the 429 gauge.
    private volatile SearchPages pages;

    /** @param maxCycles poll cycles per query before its split finishes; 0 for never (unbounded) */
    XSearchSplitReader(SearchPages.Factory factory, long pollIntervalMillis, long maxCycles, XSearchMetrics metrics) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.pollIntervalMillis = pollIntervalMillis;
        this.maxCycles = maxCycles;
        this.metrics = metrics;
        metrics.countRateLimits(() -> {
            SearchPages current = pages;
            return current == null ? 0 : current.tooManyRequests();
        });
    }

    @Override
    public void handleSplitsChanges(SplitsChange<XQuerySplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change.getClass().getSimpleName());
        }
        for (XQuerySplit split : change.splits()) {
            if (done(split.cursor())) {
                finishedPending.add(split.splitId());
            } else {
                active.addLast(new Active(split));
            }
        }
    }

    private boolean done(XQuerySplit.Cursor cursor) {
        return maxCycles > 0 && cursor.cycles() >= maxCycles && !cursor.midCycle();
    }

    @Override
    public RecordsWithSplitIds<XSearchRecord> fetch() throws IOException {
        if (!finishedPending.isEmpty()) {
            RecordsBySplits.Builder<XSearchRecord> b = new RecordsBySplits.Builder<>();
            b.addFinishedSplits(finishedPending);
            finishedPending.clear();
            return b.build();
        }
        long now = System.currentTimeMillis();
        Active due = null;
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < active.size(); i++) {
            Active a = active.pollFirst();
            active.addLast(a);
            // Within a cycle the next page follows at once (nextPollAt has passed), unless a request failed.
            long at = a.nextPollAt;
            if (at <= now) {
                due = a;
                break;
            }
            earliest = Math.min(earliest, at);
        }
        if (due == null) {
            await(earliest == Long.MAX_VALUE ? MAX_WAIT_MILLIS : earliest - now);
            return new RecordsBySplits.Builder<XSearchRecord>().build();
        }
        return poll(due, now);
    }

    private RecordsWithSplitIds<XSearchRecord> poll(Active a, long now) throws IOException {
        if (pages == null) {
            pages = factory.open();
        }
        XQuerySplit.Cursor c = a.cursor;
        XPosts.Page page;
        metrics.requests.inc();
        try {
            page = pages.fetch(a.query, c.sinceId(), c.nextToken());
        } catch (IOException e) {
            metrics.errors.inc();
            LOG.warn("X search for query '{}' failed; trying again in {} ms from the same cursor: {}",
                    a.query.id(), pollIntervalMillis, e.toString());
            a.nextPollAt = now + pollIntervalMillis;
            return new RecordsBySplits.Builder<XSearchRecord>().build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RecordsBySplits.Builder<XSearchRecord>().build();
        }
        metrics.pages.inc();
        metrics.unusable.inc(page.unusable().size());

        String newest = XQuerySplit.newer(c.cycleNewestId(), page.meta().newestId());
        for (Post p : page.posts()) {
            newest = XQuerySplit.newer(newest, p.id());
        }
        RecordsBySplits.Builder<XSearchRecord> b = new RecordsBySplits.Builder<>();
        String splitId = a.query.id();
        List<Post> posts = page.posts();
        long seq = c.sequence();
        for (int i = c.pagePosition(); i < posts.size(); i++) {
            Post post = posts.get(i);
            byte[] bytes = PostLines.write(post);
            XQuerySplit.Cursor after = new XQuerySplit.Cursor(c.sinceId(), newest, c.nextToken(), i + 1, seq + 1, c.cycles());
            b.add(splitId, new XSearchRecord(new RawLine(a.path, seq, bytes, bytes.length), post.id(),
                    post.createdAt().toEpochMilli(), after));
            seq++;
        }
        String token = page.meta().nextToken();
        XQuerySplit.Cursor end;
        if (token != null && !token.equals(c.nextToken())) {
            end = new XQuerySplit.Cursor(c.sinceId(), newest, token, 0, seq, c.cycles());
        } else {
            // The cycle's last page is out: everything up to its newest id has been emitted.
            end = new XQuerySplit.Cursor(XQuerySplit.newer(c.sinceId(), newest), null, null, 0, seq, c.cycles() + 1);
            a.nextPollAt = now + pollIntervalMillis;
        }
        b.add(splitId, XSearchRecord.cursorOnly(end));
        a.cursor = end;
        if (done(end)) {
            active.remove(a);
            b.addFinishedSplit(splitId);
        }
        return b.build();
    }

    private void await(long millis) {
        long wait = Math.max(1, Math.min(millis, MAX_WAIT_MILLIS));
        synchronized (lock) {
            if (!wakeUp) {
                try {
                    lock.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            wakeUp = false;
        }
    }

    @Override
    public void wakeUp() {
        synchronized (lock) {
            wakeUp = true;
            lock.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        if (pages != null) {
            pages.close();
            pages = null;
        }
    }
}
