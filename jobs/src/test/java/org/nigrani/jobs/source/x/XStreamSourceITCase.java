package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.source.x.FakeSearch.post;
import static org.nigrani.jobs.testing.XStreamReplay.serve;
import static org.nigrani.jobs.testing.XStreamReplay.stall;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.source.PostParser;
import org.nigrani.jobs.source.RawLine;
import org.nigrani.jobs.testing.XStreamReplay;

/** The X stream source in a MiniCluster job, bounded, against a scripted stream and scripted search pages. */
class XStreamSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final XQuery Q1 = new XQuery("police-ur", "(police OR پولیس) lang:ur");

    @Test
    void aStalledStreamIsBackfilledAndEveryPostComesOutOnce() throws Exception {
        try (XStreamReplay x = XStreamReplay.start()) {
            Duration ka = Duration.ofMillis(50);
            x.then(stall(XStreamSourceTest.line("1001", "پولیس نے تشدد کیا"), XStreamSourceTest.line("1002", "b")),
                    serve(ka, XStreamSourceTest.line("1004", "d"), XStreamSourceTest.line("1005", "e")));
            FakeSearch fake = FakeSearch.create("stream-it")
                    .page("police-ur", "1002", null, null, post("1004", "d"), post("1003", "c"), post("1002", "b"));
            XStreamSource source = XStreamSource.bounded(XStreamSourceTest.connector(x), fake.factory(), List.of(Q1), 5);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            DataStream<RawLine> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "X stream");
            PostParser parser = new PostParser("file", PostParser.DEFAULT_MAX_TEXT_CHARS, Clock.systemUTC());
            List<Post> posts = new ArrayList<>();
            try (CloseableIterator<RawLine> it = lines.executeAndCollect("x-stream-it")) {
                while (it.hasNext()) {
                    posts.add(parser.parse(it.next()));
                }
            }
            assertThat(posts).extracting(Post::id).containsExactly("1001", "1002", "1003", "1004", "1005");
            assertThat(posts).extracting(Post::platform).containsOnly("x");
            assertThat(posts.get(0).text()).isEqualTo("پولیس نے تشدد کیا");
            assertThat(posts).extracting(p -> p.source().path()).containsOnly("x:stream");
            assertThat(fake.calls()).containsExactly("police-ur|1002|null");
        }
    }
}
