package org.nigrani.jobs.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.incident.IncidentFixtures.HATRI;
import static org.nigrani.jobs.incident.IncidentFixtures.SUPER_HIGHWAY;
import static org.nigrani.jobs.incident.IncidentFixtures.T0;
import static org.nigrani.jobs.incident.IncidentFixtures.atStation;
import static org.nigrani.jobs.incident.IncidentFixtures.plain;
import static org.nigrani.jobs.incident.IncidentFixtures.post;
import static org.nigrani.jobs.incident.IncidentFixtures.video;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.enrich.EnrichedPost;

class IncidentTrackerTest {

    private static final IncidentSettings SETTINGS = new IncidentSettings(Duration.ofSeconds(1), Duration.ofHours(72));
    private static final String VIDEO = "https://video.example.org/v/1700175462883619190.mp4";

    private KeyedTwoInputStreamOperatorTestHarness<String, LinkedPost, ReachUpdate, IncidentPost> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, LinkedPost, ReachUpdate, IncidentPost> harness() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, LinkedPost, ReachUpdate, IncidentPost> h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new IncidentTracker(SETTINGS)), new IncidentKeys(), new IncidentKeys.OfReach(), Types.STRING);
        h.setProcessingTime(0);
        return h;
    }

    private void send(EnrichedPost... posts) throws Exception {
        for (EnrichedPost p : posts) {
            harness.processElement1(new LinkedPost(p, IncidentKeys.keyOf(p)), p.flagged().post().createdAt().toEpochMilli());
        }
    }

    private List<IncidentPost> posts() {
        return harness.extractOutputValues();
    }

    private List<Incident> incidents() {
        var written = harness.getSideOutput(IncidentTracker.INCIDENTS);
        return written == null ? List.of() : written.stream().map(StreamRecord::getValue).toList();
    }

    private Set<String> incidentIds() {
        return posts().stream().map(IncidentPost::incidentId).collect(Collectors.toSet());
    }

    /** The last document written for each incident, as Elasticsearch would keep it (highest version). */
    private List<IncidentState> latest() {
        return incidents().stream().map(Incident::state)
                .collect(Collectors.toMap(IncidentState::id, s -> s, (a, b) -> a.version() >= b.version() ? a : b))
                .values().stream().toList();
    }

    @Test
    void theSameVideoWithDifferentCaptionsIsOneIncident() throws Exception {
        send(video("1", T0, "Cops harassing Afghan labourers near SITE Super Highway", VIDEO),
                video("2", T0.plusSeconds(600), "Card dikhao... ye card nahi chalega. Shameful", VIDEO),
                video("3", T0.plusSeconds(3600), "یہ پولیس والے افغان مزدوروں کو تنگ کر رہے ہیں", VIDEO));
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        assertThat(incidentIds()).hasSize(1);
        assertThat(latest()).singleElement().satisfies(s -> {
            assertThat(s.postCount()).isEqualTo(3);
            assertThat(s.hasVideo()).isTrue();
            assertThat(s.firstPostId()).isEqualTo("x:1");
            assertThat(s.lastSeen() - s.firstSeen()).isEqualTo(3_600_000);
        });
    }

    @Test
    void theSameStationAndCategoryOnDaysFarApartAreTwoIncidents() throws Exception {
        send(atStation("1", T0, HATRI, "unlawful_detention"),
                atStation("2", T0.plus(Duration.ofHours(5)), HATRI, "unlawful_detention"),
                atStation("3", T0.plus(Duration.ofDays(10)), HATRI, "unlawful_detention"));
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        List<String> ids = posts().stream().map(IncidentPost::incidentId).toList();
        assertThat(ids.get(0)).isEqualTo(ids.get(1));
        assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
        assertThat(latest()).extracting(IncidentState::postCount).containsExactlyInAnyOrder(2L, 1L);
    }

    @Test
    void unrelatedPostsAreSeparateIncidents() throws Exception {
        send(plain("1", T0, "ASI took my brother's bike and asked for 5000"),
                plain("2", T0.plusSeconds(60), "Traffic warden slapped a rickshaw driver"),
                atStation("3", T0.plusSeconds(120), HATRI, "unlawful_detention"),
                atStation("4", T0.plusSeconds(180), HATRI, "extortion"),
                atStation("5", T0.plusSeconds(240), SUPER_HIGHWAY, "unlawful_detention"),
                video("6", T0.plusSeconds(300), "Watch: police beating a man", "https://video.example.org/v/other.mp4"));
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        assertThat(incidentIds()).hasSize(6);
        assertThat(latest()).allSatisfy(s -> assertThat(s.postCount()).isEqualTo(1));
    }

    @Test
    void aRepostJoinsItsOriginal() throws Exception {
        send(plain("1", T0, "SHO ne meray bhai ko bina FIR band kar diya"),
                post("2", T0.plusSeconds(60), "RT @a: SHO ne meray bhai ko bina FIR band kar diya", null, List.of(),
                        "other_misconduct", "1", 0));
        assertThat(incidentIds()).hasSize(1);
    }

    @Test
    void aRestartFromACheckpointKeepsIncidentIds() throws Exception {
        send(video("1", T0, "Cops harassing Afghan labourers", VIDEO), atStation("2", T0, HATRI, "extortion"));
        Set<String> before = incidentIds();
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        harness.close();

        harness = harness();
        harness.initializeState(checkpoint);
        harness.open();
        send(video("3", T0.plusSeconds(900), "Again this video, where is the IG?", VIDEO),
                atStation("4", T0.plusSeconds(900), HATRI, "extortion"));
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        assertThat(incidentIds()).isEqualTo(before);
        assertThat(latest()).extracting(IncidentState::postCount).containsExactlyInAnyOrder(2L, 2L);
    }

    @Test
    void aReshareStormIsOneIncidentWithBoundedWrites() throws Exception {
        int posts = 10_000;
        for (int i = 0; i < posts; i++) {
            // A hundred re-shares every 50 ms of processing time: ten seconds of storm.
            if (i % 100 == 0) {
                harness.setProcessingTime(i / 100 * 50L);
            }
            send(video("s" + i, T0.plusSeconds(i), "RT this everyone #" + i, VIDEO));
        }
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        assertThat(incidentIds()).hasSize(1);
        assertThat(posts()).hasSize(posts);
        assertThat(latest()).singleElement().extracting(IncidentState::postCount).isEqualTo((long) posts);
        // At most one write per second of storm, and one at the end of input.
        assertThat(incidents()).hasSizeBetween(2, 5 + 1);
        List<Long> versions = incidents().stream().map(i -> i.state().version()).toList();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void pendingChangesAreWrittenWhenTheFlushIntervalPasses() throws Exception {
        send(video("1", T0, "first", VIDEO), video("2", T0.plusSeconds(5), "second", VIDEO));
        assertThat(incidents()).as("gathered for a flush interval").isEmpty();
        harness.setProcessingTime(1_000);
        assertThat(incidents()).hasSize(1);
        assertThat(incidents().get(0).state().postCount()).isEqualTo(2);
        send(video("3", T0.plusSeconds(9), "third", VIDEO));
        harness.setProcessingTime(2_000);
        assertThat(incidents()).hasSize(2);
        assertThat(incidents().get(1).state().postCount()).isEqualTo(3);
        harness.setProcessingTime(5_000);
        assertThat(incidents()).as("nothing new, nothing written").hasSize(2);
    }

    @Test
    void theTitleIsTheMostRepostedPostAndTheMediaTheMostViewedVideo() throws Exception {
        send(post("1", T0, "first caption", VIDEO, List.of(), "violence", null, 100),
                withReposts(post("2", T0.plusSeconds(60), "the caption everyone shared", VIDEO, List.of(), "violence", null, 5000), 900),
                post("3", T0.plusSeconds(120), "later caption", VIDEO, List.of(), "violence", null, 200));
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        IncidentState s = latest().get(0);
        assertThat(s.title()).isEqualTo("the caption everyone shared");
        assertThat(s.media().url()).isEqualTo(VIDEO);
        assertThat(s.media().views()).isEqualTo(5000);
    }

    @Test
    void theTrendComparesGrowthSinceTheLastUpdateWithGrowthOverTheIncidentsLife() throws Exception {
        send(post("1", T0, "a", VIDEO, List.of(), "violence", null, 1_000),
                post("2", T0.plus(Duration.ofHours(1)), "b", VIDEO, List.of(), "violence", null, 2_000));
        harness.setProcessingTime(1_000);
        assertThat(incidents().get(incidents().size() - 1).state().trend()).isEqualTo("steady");
        send(post("3", T0.plus(Duration.ofHours(2)), "c", VIDEO, List.of(), "violence", null, 50_000));
        harness.setProcessingTime(2_000);
        assertThat(incidents().get(incidents().size() - 1).state().trend()).isEqualTo("rising");
        send(post("4", T0.plus(Duration.ofHours(12)), "d", VIDEO, List.of(), "violence", null, 50_500));
        harness.setProcessingTime(3_000);
        assertThat(incidents().get(incidents().size() - 1).state().trend()).isEqualTo("slowing");
    }

    @Test
    void eachUpdateWhoseViewsChangedAddsAPointToTheReachHistory() throws Exception {
        send(post("1", T0, "a", VIDEO, List.of(), "violence", null, 1_000));
        harness.setProcessingTime(1_000);
        send(post("2", T0.plus(Duration.ofHours(1)), "b", VIDEO, List.of(), "violence", null, 5_000));
        harness.setProcessingTime(2_000);
        send(post("3", T0.plus(Duration.ofHours(2)), "c", VIDEO, List.of(), "violence", null, 10));
        harness.setProcessingTime(3_000);
        assertThat(incidents()).hasSize(3);
        assertThat(incidents().get(2).state().reachHistory()).as("the third update did not change the views")
                .containsExactly(new IncidentState.ReachPoint(T0.toEpochMilli(), 1_000),
                        new IncidentState.ReachPoint(T0.plus(Duration.ofHours(1)).toEpochMilli(), 5_000));
    }

    @Test
    void theReachHistoryKeepsItsLatestPointsOnly() {
        IncidentState s = IncidentState.start("k", post("1", T0, "a", VIDEO, List.of(), "violence", null, 1));
        for (int i = 0; i < IncidentState.MAX_REACH_POINTS + 10; i++) {
            s = s.add(post("p" + i, T0.plusSeconds(i), "a", VIDEO, List.of(), "violence", null, 100 + i))
                    .withReachPoint(T0.plusSeconds(i).toEpochMilli());
        }
        assertThat(s.reachHistory()).hasSize(IncidentState.MAX_REACH_POINTS);
        assertThat(s.reachHistory().get(s.reachHistory().size() - 1).views()).isEqualTo(100 + IncidentState.MAX_REACH_POINTS + 9);
        assertThat(s.reachHistory().get(0).at()).isEqualTo(T0.plusSeconds(10).toEpochMilli());
    }

    private static EnrichedPost withReposts(EnrichedPost p, long reposts) {
        org.nigrani.jobs.Post post = p.flagged().post();
        org.nigrani.jobs.Post more = new org.nigrani.jobs.Post(post.platform(), post.id(), post.url(), post.author(), post.text(),
                post.createdAt(), post.platformLang(), post.media(), new org.nigrani.jobs.Post.Metrics(reposts, 0, post.metrics().views()),
                post.inReplyTo(), post.repostOf(), post.source());
        return new EnrichedPost(new org.nigrani.jobs.classify.FlaggedPost(more, p.flagged().verdict(), p.flagged().model()), p.enrichment());
    }

    @Test
    void aLaterLookGrowsTheIncidentsReachAndCountsPostsGone() throws Exception {
        EnrichedPost first = video("1", T0, "Cops harassing Afghan labourers", VIDEO);
        send(first, video("2", T0.plusSeconds(60), "again", VIDEO));
        harness.setProcessingTime(1_000);
        String key = IncidentKeys.keyOf(first);
        harness.processElement2(new ReachUpdate(key, "x:1", T0, ReachUpdate.LIVE, 250_000, 4_000,
                T0.plus(Duration.ofHours(1))), 0);
        harness.processElement2(new ReachUpdate(key, "x:2", T0, ReachUpdate.DELETED, -1, -1, T0.plus(Duration.ofHours(1))), 0);
        harness.setProcessingTime(2_000);
        IncidentState s = latest().get(0);
        assertThat(s.views()).isEqualTo(250_000);
        assertThat(s.reposts()).isEqualTo(4_000);
        assertThat(s.gonePosts()).isEqualTo(1);
        assertThat(s.viewsPerHour()).as("growth measured up to the look").isBetween(200_000.0, 260_000.0);
        assertThat(harness.getSideOutput(IncidentTracker.REACH)).hasSize(2);
    }

    @Test
    void anIncidentQuietForAWholeGapIsForgotten() throws Exception {
        send(atStation("1", T0, HATRI, "extortion"));
        harness.setProcessingTime(SETTINGS.gap().toMillis() + 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
