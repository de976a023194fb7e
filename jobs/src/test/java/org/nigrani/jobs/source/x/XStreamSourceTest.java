package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.source.x.FakeSearch.post;
import static org.nigrani.jobs.testing.XStreamReplay.disconnect;
import static org.nigrani.jobs.testing.XStreamReplay.serve;
import static org.nigrani.jobs.testing.XStreamReplay.stall;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.source.PostParser;
import org.nigrani.jobs.source.RawLine;
import org.nigrani.jobs.testing.XStreamReplay;

class XStreamSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final XQuery Q1 = new XQuery("q1", "police torture lang:ur");
    private static final XQuery Q2 = new XQuery("q2", "thana tashaddud");
    private static final Duration KEEP_ALIVE = Duration.ofMillis(50);

    /** A stream line X would send: one post with the fields the mapping needs. */
    static String line(String id, String text) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("data").put("id", id).put("text", text).put("created_at", "2024-05-01T10:00:00.000Z")
                .put("author_id", "77").put("lang", "ur");
        root.putArray("matching_rules").addObject().put("id", "1").put("tag", "q1");
        return root.toString();
    }

    static XStreamSource.Connector connector(XStreamReplay x) {
        return new XStreamSource.Connector(x.baseUri(), "TEST_TOKEN", name -> "test-token", Duration.ofMillis(400));
    }

    /** A split reader and the emitter driven by hand, the way the source reader drives them. */
    static final class Harness implements AutoCloseable {
        final XStreamMetrics metrics = new XStreamMetrics(new UnregisteredMetricsGroup());
        final XStreamSplitReader reader;
        final XStreamReader.Emitter emitter = new XStreamReader.Emitter();
        final XStreamReader.SplitState state;
        final List<RawLine> lines = new ArrayList<>();
        final List<String> finished = new ArrayList<>();
        private final SourceOutput<RawLine> output = new CollectedLines(lines);

        Harness(XStreamReplay x, FakeSearch fake, long maxPosts, XStreamSplit split) {
            reader = new XStreamSplitReader(connector(x), fake.factory(), List.of(Q1, Q2), maxPosts, 1000, 4, metrics);
            state = new XStreamReader.SplitState(split);
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
        }

        void step() throws IOException {
            RecordsWithSplitIds<XStreamRecord> batch = reader.fetch();
            while (batch.nextSplit() != null) {
                XStreamRecord r;
                while ((r = batch.nextRecordFromSplit()) != null) {
                    emitter.emitRecord(r, output, state);
                }
            }
            finished.addAll(batch.finishedSplits());
        }

        void runUntilLines(int n) throws IOException {
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (lines.size() < n) {
                assertThat(System.nanoTime()).as("waiting for %s lines, have %s", n, ids()).isLessThan(deadline);
                step();
            }
        }

        /** Steps a little longer to show nothing more comes. */
        void settle(long millis) throws IOException {
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                step();
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

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private XStreamReplay x;

    @BeforeEach
    void start() throws IOException {
        x = XStreamReplay.start();
    }

    @AfterEach
    void stop() {
        x.close();
    }

    @Test
    void postsComeOutInOrderAndKeepAlivesAreIgnored() throws Exception {
        x.then(serve(KEEP_ALIVE, line("1", "a"), "", line("2", "b"), "", "", line("3", "c")));
        FakeSearch fake = FakeSearch.create("stream-order");
        try (Harness h = new Harness(x, fake, 0, XStreamSplit.START)) {
            h.runUntilLines(3);
            h.settle(200);
            assertThat(h.ids()).containsExactly("1", "2", "3");
            assertThat(h.lines).extracting(RawLine::path).containsOnly("x:stream");
            assertThat(h.lines).extracting(RawLine::offset).containsExactly(0L, 1L, 2L);
            assertThat(h.state.split).isEqualTo(new XStreamSplit("3", 3));
            assertThat(x.addedValues()).containsExactlyInAnyOrder(Q1.query(), Q2.query());
            assertThat(x.streamQueries().get(0)).contains("tweet.fields=").contains("expansions=");
            assertThat(fake.calls()).isEmpty();
            assertThat(h.metrics.emitted.getCount()).isEqualTo(3);
        }
    }

    @Test
    void unreadableLinesAndUnusablePostsAreCountedAndSkipped() throws Exception {
        x.then(serve(KEEP_ALIVE, "{not json", XStreamReplay.post("5", "no created_at"), line("6", "ok")));
        try (Harness h = new Harness(x, FakeSearch.create("stream-bad"), 0, XStreamSplit.START)) {
            h.runUntilLines(1);
            assertThat(h.ids()).containsExactly("6");
            assertThat(h.metrics.errors.getCount()).isEqualTo(1);
            assertThat(h.metrics.unusable.getCount()).isEqualTo(1);
        }
    }

    @Test
    void aStallReconnectsAndBackfillsFromTheNewestIdEachPostOnce() throws Exception {
        x.then(stall(line("10", "a"), line("11", "b")), serve(KEEP_ALIVE, line("13", "d"), line("14", "e")));
        FakeSearch fake = FakeSearch.create("stream-stall")
                .page("q1", "11", null, "t2", post("13", "d"), post("12", "c"))
                .page("q1", "11", "t2", null, post("11", "b"))
                .page("q2", "11", null, null, post("12", "c"));
        try (Harness h = new Harness(x, fake, 0, XStreamSplit.START)) {
            h.runUntilLines(5);
            h.settle(200);
            assertThat(h.ids()).containsExactly("10", "11", "12", "13", "14");
            assertThat(h.lines).extracting(RawLine::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(fake.calls()).containsExactly("q1|11|null", "q1|11|t2", "q2|11|null");
            assertThat(h.metrics.backfilled.getCount()).isEqualTo(2);
            assertThat(h.metrics.duplicates.getCount()).isEqualTo(3); // 11 and 12 from search, 13 from the stream
            assertThat(x.streamConnections()).isEqualTo(2);
            assertThat(h.state.split).isEqualTo(new XStreamSplit("14", 5));
        }
    }

    @Test
    void aDisconnectReconnectsAndBackfills() throws Exception {
        x.then(disconnect(line("20", "a")), serve(KEEP_ALIVE, line("22", "c")));
        FakeSearch fake = FakeSearch.create("stream-disconnect")
                .page("q1", "20", null, null, post("22", "c"), post("21", "b"), post("20", "a"));
        try (Harness h = new Harness(x, fake, 0, XStreamSplit.START)) {
            h.runUntilLines(3);
            h.settle(200);
            assertThat(h.ids()).containsExactly("20", "21", "22");
            assertThat(fake.calls()).containsExactly("q1|20|null", "q2|20|null");
        }
    }

    @Test
    void aRestoredSplitIsBackfilledBeforeTheStream() throws Exception {
        x.then(serve(KEEP_ALIVE, line("52", "c"), line("53", "d")));
        FakeSearch fake = FakeSearch.create("stream-restore")
                .page("q2", "50", null, null, post("52", "c"), post("51", "b"));
        try (Harness h = new Harness(x, fake, 0, new XStreamSplit("50", 7))) {
            h.runUntilLines(3);
            h.settle(200);
            assertThat(h.ids()).containsExactly("51", "52", "53");
            assertThat(h.lines).extracting(RawLine::offset).containsExactly(7L, 8L, 9L);
            assertThat(fake.calls()).containsExactly("q1|50|null", "q2|50|null");
            assertThat(h.state.split).isEqualTo(new XStreamSplit("53", 10));
        }
    }

    @Test
    void boundedModeFinishesTheSplitAfterItsPosts() throws Exception {
        x.then(serve(KEEP_ALIVE, line("1", "a"), line("2", "b"), line("3", "c")));
        try (Harness h = new Harness(x, FakeSearch.create("stream-bounded"), 2, XStreamSplit.START)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (h.finished.isEmpty()) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                h.step();
            }
            assertThat(h.ids()).containsExactly("1", "2");
            assertThat(h.finished).containsExactly(XStreamSplit.ID);
        }
    }

    @Test
    void refusedCredentialsFailTheFetch() throws Exception {
        x.refuseRules(401);
        try (Harness h = new Harness(x, FakeSearch.create("stream-refused"), 0, XStreamSplit.START)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                while (System.nanoTime() < deadline) {
                    h.step();
                }
            }).isInstanceOf(CredentialsRefusedException.class);
        }
    }

    @Test
    void splitAndEnumeratorStateRoundTrip() throws Exception {
        XStreamSplit.Serializer s = XStreamSplit.Serializer.INSTANCE;
        for (XStreamSplit split : List.of(XStreamSplit.START, new XStreamSplit("1790000000000000000", 42))) {
            assertThat(s.deserialize(s.getVersion(), s.serialize(split))).isEqualTo(split);
        }
        XStreamEnumeratorState.Serializer es = XStreamEnumeratorState.Serializer.INSTANCE;
        for (XStreamEnumeratorState state : List.of(new XStreamEnumeratorState(List.of()),
                new XStreamEnumeratorState(List.of(new XStreamSplit("9", 3))))) {
            assertThat(es.deserialize(es.getVersion(), es.serialize(state))).isEqualTo(state);
        }
    }
}
