package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nigrani.jobs.source.x.FakeSearch.post;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.source.PostParser;
import org.nigrani.jobs.source.RawLine;

class XSearchSourceTest {

    private static final XQuery Q1 = new XQuery("q1", "police torture lang:ur");
    private static final XQuery Q2 = new XQuery("q2", "thana tashaddud");

    /** A split reader and an emitter driven by hand, the way the source reader drives them. */
    static final class Harness implements AutoCloseable {
        final XSearchMetrics metrics = new XSearchMetrics(new UnregisteredMetricsGroup());
        final XSearchSplitReader reader;
        final XSearchEmitter emitter = new XSearchEmitter(1000, metrics);
        final Map<String, XSearchEmitter.SplitState> states = new LinkedHashMap<>();
        final List<RawLine> lines = new ArrayList<>();
        final List<String> finished = new ArrayList<>();
        private final SourceOutput<RawLine> output = new CollectedLines(lines);

        Harness(FakeSearch fake, long maxCycles, XQuerySplit... splits) {
            reader = new XSearchSplitReader(fake.factory(), 5, maxCycles, metrics);
            for (XQuerySplit s : splits) {
                states.put(s.splitId(), new XSearchEmitter.SplitState(s));
            }
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(splits)));
        }

        /** Fetches one batch and emits all of it; {@code stopAfter} records at most (a checkpoint mid-batch). */
        int step(int stopAfter) throws IOException {
            RecordsWithSplitIds<XSearchRecord> batch = reader.fetch();
            int n = 0;
            String split;
            while ((split = batch.nextSplit()) != null) {
                XSearchRecord r;
                while (n < stopAfter && (r = batch.nextRecordFromSplit()) != null) {
                    emitter.emitRecord(r, output, states.get(split));
                    n++;
                }
            }
            finished.addAll(batch.finishedSplits());
            return n;
        }

        /** Steps until the fake has answered {@code calls} requests in all. */
        void runUntilCalls(FakeSearch fake, int calls) throws IOException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fake.calls().size() < calls) {
                assertThat(System.nanoTime()).as("waiting for %s requests", calls).isLessThan(deadline);
                step(Integer.MAX_VALUE);
            }
        }

        List<String> ids() {
            PostParser parser = new PostParser("x", 10_000, Clock.systemUTC());
            List<String> ids = new ArrayList<>();
            for (RawLine l : lines) {
                try {
                    ids.add(parser.parse(l).id());
                } catch (Exception e) {
                    throw new AssertionError(new String(l.bytes(), StandardCharsets.UTF_8), e);
                }
            }
            return ids;
        }

        XQuerySplit snapshot(String id) {
            return states.get(id).toSplit();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    @Test
    void aCyclePagesThroughThenAdvancesSinceIdToItsNewestPost() throws Exception {
        FakeSearch fake = FakeSearch.create("paging")
                .page("q1", null, null, "t2", post("105", "a"), post("104", "b"))
                .page("q1", null, "t2", null, post("103", "c"), post("101", "d"))
                .page("q1", "105", null, null, post("107", "e"));
        try (Harness h = new Harness(fake, 0, XQuerySplit.start(Q1))) {
            h.runUntilCalls(fake, 2);
            assertThat(h.snapshot("q1").cursor()).isEqualTo(new XQuerySplit.Cursor("105", null, null, 0, 4, 1));
            h.runUntilCalls(fake, 4);
            assertThat(fake.calls()).containsExactly("q1|null|null", "q1|null|t2", "q1|105|null", "q1|107|null");
            assertThat(h.ids()).containsExactly("105", "104", "103", "101", "107");
            assertThat(h.lines).extracting(RawLine::path).containsOnly("x:search:q1");
            assertThat(h.lines).extracting(RawLine::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(h.metrics.requests.getCount()).isEqualTo(4);
            assertThat(h.metrics.pages.getCount()).isEqualTo(4);
            assertThat(h.metrics.emitted.getCount()).isEqualTo(5);
            assertThat(h.metrics.lagMillis()).isPositive();
            assertThat(fake.opened).hasValue(1);
        }
        assertThat(fake.closed).hasValue(1);
    }

    @Test
    void sinceIdStaysPutUntilTheCyclesLastPageIsEmitted() throws Exception {
        FakeSearch fake = FakeSearch.create("midcycle")
                .page("q1", "100", null, "t2", post("105", "a"), post("104", "b"))
                .page("q1", "100", "t2", null, post("103", "c"));
        XQuerySplit start = new XQuerySplit(Q1, new XQuerySplit.Cursor("100", null, null, 0, 10, 3));
        try (Harness h = new Harness(fake, 0, start)) {
            h.step(Integer.MAX_VALUE);
            assertThat(h.snapshot("q1").cursor()).isEqualTo(new XQuerySplit.Cursor("100", "105", "t2", 0, 12, 3));
            assertThat(h.snapshot("q1").cursor().midCycle()).isTrue();
        }
    }

    @Test
    void aRestoredSplitResumesAtItsPageTokenAndPositionWithoutDuplicates() throws Exception {
        FakeSearch fake = FakeSearch.create("restore")
                .page("q1", "100", null, "t2", post("109", "a"), post("108", "b"))
                .page("q1", "100", "t2", "t3", post("107", "c"), post("106", "d"), post("105", "e"))
                .page("q1", "100", "t3", null, post("104", "f"))
                .page("q1", "109", null, null, post("110", "g"));
        XQuerySplit start = new XQuerySplit(Q1, new XQuerySplit.Cursor("100", null, null, 0, 0, 0));
        List<String> before;
        byte[] saved;
        try (Harness h = new Harness(fake, 0, start)) {
            h.step(Integer.MAX_VALUE);     // page 1: 109, 108, and the move to t2
            h.step(2);                     // page 2: 107, 106 emitted, then the checkpoint
            before = h.ids();
            saved = XQuerySplitSerializer.INSTANCE.serialize(h.snapshot("q1"));
        }
        XQuerySplit restored = XQuerySplitSerializer.INSTANCE.deserialize(XQuerySplitSerializer.VERSION, saved);
        assertThat(restored.cursor()).isEqualTo(new XQuerySplit.Cursor("100", "109", "t2", 2, 4, 0));
        int callsBefore = fake.calls().size();
        try (Harness h = new Harness(fake, 0, restored)) {
            h.runUntilCalls(fake, callsBefore + 3);
            assertThat(fake.calls().subList(callsBefore, callsBefore + 3))
                    .containsExactly("q1|100|t2", "q1|100|t3", "q1|109|null");
            List<String> all = new ArrayList<>(before);
            all.addAll(h.ids());
            assertThat(all).containsExactly("109", "108", "107", "106", "105", "104", "110");
            assertThat(h.lines).extracting(RawLine::offset).containsExactly(4L, 5L, 6L);
        }
    }

    @Test
    void twoQueriesShareTheReaderAndAPostFoundByBothIsEmittedOnce() throws Exception {
        FakeSearch fake = FakeSearch.create("dupes")
                .page("q1", null, null, null, post("205", "a"), post("203", "b"))
                .page("q2", null, null, null, post("204", "c"), post("203", "b"));
        try (Harness h = new Harness(fake, 1, XQuerySplit.start(Q1), XQuerySplit.start(Q2))) {
            while (h.finished.size() < 2) {
                h.step(Integer.MAX_VALUE);
            }
            assertThat(h.ids()).containsExactlyInAnyOrder("205", "203", "204");
            assertThat(h.metrics.duplicates.getCount()).isEqualTo(1);
            assertThat(h.snapshot("q1").cursor().sinceId()).isEqualTo("205");
            assertThat(h.snapshot("q2").cursor().sinceId()).isEqualTo("204");
            assertThat(h.finished).containsExactlyInAnyOrder("q1", "q2");
            assertThat(fake.calls()).hasSize(2);
        }
    }

    @Test
    void unusablePostsAreCountedNotEmitted() throws Exception {
        FakeSearch fake = FakeSearch.create("unusable").unusable("q1", null, null, new XPosts.Page(List.of(post("301", "a")),
                List.of(new XPosts.Unusable("302", XPosts.Reason.DELETED, "gone"),
                        new XPosts.Unusable(null, XPosts.Reason.MALFORMED, "field 'text' missing")),
                new XPosts.Meta("302", "301", 3, null)));
        try (Harness h = new Harness(fake, 1, XQuerySplit.start(Q1))) {
            h.step(Integer.MAX_VALUE);
            assertThat(h.ids()).containsExactly("301");
            assertThat(h.metrics.unusable.getCount()).isEqualTo(2);
            assertThat(h.snapshot("q1").cursor().sinceId()).isEqualTo("302");
        }
    }

    @Test
    void aFailedRequestIsRetriedFromTheSameCursorAndRefusedCredentialsFailTheJob() throws Exception {
        FakeSearch fake = FakeSearch.create("errors")
                .page("q1", null, null, "t2", post("401", "a"))
                .page("q1", null, "t2", null, post("400", "b"));
        try (Harness h = new Harness(fake, 1, XQuerySplit.start(Q1))) {
            h.step(Integer.MAX_VALUE);
            fake.failNext(new IOException("connection reset"));
            h.runUntilCalls(fake, 3);
            assertThat(h.metrics.errors.getCount()).isEqualTo(1);
            while (h.finished.isEmpty()) {
                h.step(Integer.MAX_VALUE);
            }
            assertThat(fake.calls()).containsExactly("q1|null|null", "q1|null|t2", "q1|null|t2");
            assertThat(h.ids()).containsExactly("401", "400");
        }
        FakeSearch refused = FakeSearch.create("refused");
        refused.failNext(new CredentialsRefusedException(401, "GET /2/tweets/search/recent", "NIGRANI_X_BEARER_TOKEN"));
        try (Harness h = new Harness(refused, 0, XQuerySplit.start(Q1))) {
            assertThatThrownBy(() -> h.step(Integer.MAX_VALUE)).isInstanceOf(CredentialsRefusedException.class);
        }
    }

    @Test
    void serializersRoundTrip() throws Exception {
        XQuerySplit mid = new XQuerySplit(new XQuery("urdu-police", "(police OR پولیس) lang:ur -is:retweet"),
                new XQuerySplit.Cursor("1786000000000000001", "1786000000000000999", "b26v89c19zqg8o3fpzbl", 17, 12_345, 9));
        XQuerySplit fresh = XQuerySplit.start(Q2);
        for (XQuerySplit s : List.of(mid, fresh)) {
            byte[] bytes = XQuerySplitSerializer.INSTANCE.serialize(s);
            assertThat(XQuerySplitSerializer.INSTANCE.deserialize(XQuerySplitSerializer.INSTANCE.getVersion(), bytes)).isEqualTo(s);
        }
        XSearchEnumeratorState state = new XSearchEnumeratorState(List.of(mid, fresh));
        var ser = XSearchEnumeratorState.Serializer.INSTANCE;
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(state))).isEqualTo(state);
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(new XSearchEnumeratorState(List.of())))).isEqualTo(
                new XSearchEnumeratorState(List.of()));
        assertThatThrownBy(() -> XQuerySplitSerializer.INSTANCE.deserialize(99, new byte[0])).isInstanceOf(IOException.class);
    }

    @Test
    void theEnumeratorSpreadsQueriesRoundRobinAndKeepsUnassignedSplits() throws Exception {
        Map<Integer, List<String>> assigned = new HashMap<>();
        List<Integer> noMore = new ArrayList<>();
        Map<Integer, ReaderInfo> readers = new HashMap<>();
        @SuppressWarnings("unchecked")
        SplitEnumeratorContext<XQuerySplit> context = (SplitEnumeratorContext<XQuerySplit>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SplitEnumeratorContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "currentParallelism":
                            return 2;
                        case "registeredReaders":
                            return readers;
                        case "assignSplit":
                            assigned.computeIfAbsent((Integer) args[1], k -> new ArrayList<>()).add(((XQuerySplit) args[0]).splitId());
                            return null;
                        case "assignSplits":
                            ((SplitsAssignment<XQuerySplit>) args[0]).assignment().forEach((r, splits) ->
                                    splits.forEach(s -> assigned.computeIfAbsent(r, k -> new ArrayList<>()).add(s.splitId())));
                            return null;
                        case "signalNoMoreSplits":
                            noMore.add((Integer) args[0]);
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        XQuery q3 = new XQuery("q3", "police custody death");
        FakeSearch fake = FakeSearch.create("enumerator");
        XSearchSource source = XSearchSource.bounded(fake.factory(), List.of(Q1, Q2, q3), Duration.ofMillis(5), 1);
        var enumerator = source.createEnumerator(context);
        enumerator.start();
        assertThat(enumerator.snapshotState(1).unassigned()).extracting(XQuerySplit::splitId).containsExactly("q1", "q2", "q3");
        readers.put(1, new ReaderInfo(1, "localhost"));
        enumerator.addReader(1);
        assertThat(assigned).isEqualTo(Map.of(1, List.of("q2")));
        assertThat(enumerator.snapshotState(2).unassigned()).extracting(XQuerySplit::splitId).containsExactly("q1", "q3");
        readers.put(0, new ReaderInfo(0, "localhost"));
        enumerator.addReader(0);
        assertThat(assigned.get(0)).containsExactly("q1", "q3");
        assertThat(enumerator.snapshotState(3).unassigned()).isEmpty();
        assertThat(noMore).containsExactly(1, 0);

        // A failed reader gives its split back, with its cursor; it waits for the reader to come back.
        XQuerySplit back = new XQuerySplit(Q2, new XQuerySplit.Cursor("5", "9", "tok", 1, 3, 0));
        readers.remove(1);
        enumerator.addSplitsBack(List.of(back), 1);
        var restored = source.restoreEnumerator(context, enumerator.snapshotState(4));
        assertThat(restored.snapshotState(5).unassigned()).containsExactly(back);
        readers.put(1, new ReaderInfo(1, "localhost"));
        restored.addReader(1);
        assertThat(assigned.get(1)).containsExactly("q2", "q2");
        assertThat(source.getBoundedness()).isEqualTo(org.apache.flink.api.connector.source.Boundedness.BOUNDED);
        assertThat(XSearchSource.continuous(fake.factory(), List.of(Q1)).getBoundedness())
                .isEqualTo(org.apache.flink.api.connector.source.Boundedness.CONTINUOUS_UNBOUNDED);
    }

    @Test
    void queryIdsMustBeDistinct() {
        FakeSearch fake = FakeSearch.create("distinct");
        assertThatThrownBy(() -> XSearchSource.continuous(fake.factory(), List.of(Q1, new XQuery("q1", "other"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
