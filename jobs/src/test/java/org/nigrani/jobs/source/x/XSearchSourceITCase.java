package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.source.x.FakeSearch.post;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

/** The X search source in a MiniCluster job, bounded, against scripted search pages. */
class XSearchSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final XQuery Q1 = new XQuery("police-ur", "(police OR پولیس) lang:ur");
    private static final XQuery Q2 = new XQuery("custody", "custody death");

    private static List<Post> run(XSearchSource source, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        DataStream<RawLine> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "X search");
        PostParser parser = new PostParser("file", PostParser.DEFAULT_MAX_TEXT_CHARS, Clock.systemUTC());
        List<Post> posts = new ArrayList<>();
        try (CloseableIterator<RawLine> it = lines.executeAndCollect("x-search-it")) {
            while (it.hasNext()) {
                posts.add(parser.parse(it.next()));
            }
        }
        return posts;
    }

    @Test
    void twoCyclesOfTwoQueriesComeOutAsParseableLinesEachPostOnce() throws Exception {
        FakeSearch fake = FakeSearch.create("it-bounded")
                .page("police-ur", null, null, "p2", post("1005", "پولیس نے تشدد کیا"), post("1004", "b"))
                .page("police-ur", null, "p2", null, post("1002", "c"))
                .page("police-ur", "1005", null, null, post("1009", "d"))
                .page("custody", null, null, null, post("1006", "e"), post("1004", "b"))
                .page("custody", "1006", null, null, post("1008", "f"));
        List<Post> posts = run(XSearchSource.bounded(fake.factory(), List.of(Q1, Q2), Duration.ofMillis(20), 2), 1);

        assertThat(posts).extracting(Post::id).containsExactlyInAnyOrder("1005", "1004", "1002", "1009", "1006", "1008");
        assertThat(posts).extracting(Post::platform).containsOnly("x");
        Map<String, List<String>> byPath = posts.stream().collect(Collectors.groupingBy(p -> p.source().path(),
                Collectors.mapping(Post::id, Collectors.toList())));
        assertThat(byPath.get("x:search:police-ur")).containsExactly("1005", "1004", "1002", "1009");
        assertThat(posts.stream().filter(p -> p.id().equals("1005")).findFirst().orElseThrow().text()).isEqualTo("پولیس نے تشدد کیا");
        assertThat(fake.calls()).containsExactlyInAnyOrder("police-ur|null|null", "police-ur|null|p2", "police-ur|1005|null",
                "custody|null|null", "custody|1006|null");
        assertThat(fake.calls().indexOf("police-ur|1005|null")).isGreaterThan(fake.calls().indexOf("police-ur|null|p2"));
        assertThat(fake.closed.get()).isEqualTo(fake.opened.get()).isPositive();
    }

    @Test
    void queriesSpreadOverTwoReaders() throws Exception {
        FakeSearch fake = FakeSearch.create("it-parallel")
                .page("police-ur", null, null, null, post("2001", "a"), post("2000", "b"))
                .page("custody", null, null, null, post("2003", "c"));
        List<Post> posts = run(XSearchSource.bounded(fake.factory(), List.of(Q1, Q2), Duration.ofMillis(20), 1), 2);
        assertThat(posts).extracting(Post::id).containsExactlyInAnyOrder("2001", "2000", "2003");
        assertThat(fake.opened).hasValue(2);
    }
}
