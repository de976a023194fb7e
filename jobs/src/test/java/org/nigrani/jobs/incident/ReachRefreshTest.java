package org.nigrani.jobs.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.incident.IncidentFixtures.T0;
import static org.nigrani.jobs.incident.IncidentFixtures.plain;
import static org.nigrani.jobs.incident.IncidentFixtures.video;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.enrich.EnrichedPost;
import org.nigrani.jobs.source.x.PostLookup;
import org.nigrani.jobs.source.x.XPosts;

class ReachRefreshTest {

    private static final ReachRefresh.Settings SCHEDULE =
            new ReachRefresh.Settings(List.of(Duration.ofMinutes(10), Duration.ofHours(1)), Duration.ofSeconds(30));
    /** What the fake X answers, by post id: a view count, or null for a deleted post. */
    static final Map<String, Long> VIEWS = new ConcurrentHashMap<>();
    static final List<List<String>> CALLS = new ArrayList<>();

    /** Serializable, since the factory travels in the job graph; the answers are static. */
    record FakeLookups() implements PostLookup.Factory {
        @Override
        public PostLookup open() {
            return new PostLookup() {
                @Override
                public XPosts.Page lookup(List<String> ids) {
                    CALLS.add(List.copyOf(ids));
                    List<Post> posts = new ArrayList<>();
                    List<XPosts.Unusable> gone = new ArrayList<>();
                    for (String id : ids) {
                        Long views = VIEWS.get(id);
                        if (views == null) {
                            gone.add(new XPosts.Unusable(id, XPosts.Reason.DELETED, "Could not find tweet"));
                        } else {
                            posts.add(new Post("x", id, null, "a", "t", T0, null, List.of(), new Post.Metrics(views / 100, 0, views),
                                    null, null, new Post.SourceRef("x:lookup", 0)));
                        }
                    }
                    return new XPosts.Page(posts, gone, XPosts.Meta.NONE);
                }

                @Override
                public void close() {}
            };
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<Integer, LinkedPost, ReachUpdate> harness;

    @BeforeEach
    void open() throws Exception {
        VIEWS.clear();
        CALLS.clear();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new ReachRefresh(SCHEDULE, new FakeLookups())), new ReachRefresh.OneSchedule(), Types.INT);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(EnrichedPost p) throws Exception {
        harness.processElement(new LinkedPost(p, IncidentKeys.keyOf(p)), 0);
    }

    @Test
    void videosAreLookedUpOnTheScheduleAndTextOnlyPostsNever() throws Exception {
        send(video("11", T0, "cops beating a man", "https://video.example.org/v/1.mp4"));
        send(plain("12", T0, "no video here, just a complaint about the thana"));
        VIEWS.put("11", 5_000L);

        harness.setProcessingTime(Duration.ofMinutes(5).toMillis());
        assertThat(CALLS).as("not due yet").isEmpty();
        harness.setProcessingTime(Duration.ofMinutes(11).toMillis());
        assertThat(CALLS).containsExactly(List.of("11"));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(ReachUpdate.LIVE);
            assertThat(u.views()).isEqualTo(5_000);
            assertThat(u.documentId()).isEqualTo("x:11");
        });

        VIEWS.put("11", 90_000L);
        harness.setProcessingTime(Duration.ofMinutes(61).toMillis());
        assertThat(CALLS).hasSize(2);
        assertThat(harness.extractOutputValues()).extracting(ReachUpdate::views).containsExactly(5_000L, 90_000L);

        harness.setProcessingTime(Duration.ofHours(30).toMillis());
        assertThat(CALLS).as("the schedule is done").hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isLessThanOrEqualTo(1);
    }

    @Test
    void aDeletedPostIsReportedAndLeavesTheSchedule() throws Exception {
        send(video("21", T0, "police torture video", "https://video.example.org/v/2.mp4"));
        harness.setProcessingTime(Duration.ofMinutes(11).toMillis());
        assertThat(harness.extractOutputValues()).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(ReachUpdate.DELETED);
            assertThat(u.gone()).isTrue();
        });
        harness.setProcessingTime(Duration.ofMinutes(61).toMillis());
        assertThat(CALLS).hasSize(1);
    }
}
