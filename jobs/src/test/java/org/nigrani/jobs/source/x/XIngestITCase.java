package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.elastic.testing.TestIndices;
import org.nigrani.jobs.Environments;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.index.IndexSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.testing.Elastic;
import org.nigrani.jobs.testing.Jobs;
import org.nigrani.jobs.testing.XSearchReplay;
import org.nigrani.nlp.classify.MisconductClassifier;

/** The whole job with X recent search as its source (a local server replaying X's JSON) into the real Elasticsearch. */
@ExtendWith(SharedElasticsearch.class)
class XIngestITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String TOKEN = "AAAA%2Btest%3Dtoken";

    /** The token's variable as the test sets it; serialisable, since the factory travels in the job graph. */
    private record FixedToken(String token) implements XRecentSearch.Environment {
        @Override
        public String get(String name) {
            return "NIGRANI_X_BEARER_TOKEN".equals(name) ? token : null;
        }
    }

    private final Elastic elastic = new Elastic(SharedElasticsearch.restClient());

    @BeforeEach
    void clean() throws Exception {
        TestIndices.deleteAll(SharedElasticsearch.restClient());
    }

    @Test
    void postsFromXSearchAreClassifiedEnrichedAndIndexed() throws Exception {
        String page1 = XSearchReplay.resource("recent-search-page.json");
        String page2 = XSearchReplay.resource("repost.json");
        // The oracle: what the classifier flags among the posts X's pages carry.
        XPosts reader = new XPosts(Clock.systemUTC());
        MisconductClassifier classifier = MisconductClassifier.fromClasspath(0.5);
        Set<String> expected = new TreeSet<>();
        Map<String, Post> byId = new HashMap<>();
        for (String body : List.of(page1, page2)) {
            for (Post p : reader.read(body.getBytes(StandardCharsets.UTF_8), "search").posts()) {
                byId.put(p.id(), p);
                if (classifier.classify(p.text()).flagged()) {
                    expected.add(p.id());
                }
            }
        }
        assertThat(expected).as("the fixture must hold posts the classifier flags").hasSizeGreaterThanOrEqualTo(2);

        try (XSearchReplay x = XSearchReplay.start().then(XSearchReplay.page(page1), XSearchReplay.page(page2))) {
            ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
            Environments.installSchema(connection, IndexSettings.DEFAULTS);
            XSearchSource source = XSearchSource.bounded(
                    new XRecentSearch.Factory(x.baseUri(), "NIGRANI_X_BEARER_TOKEN", new FixedToken(TOKEN)),
                    List.of(new XQuery("misconduct-en", "(police OR thana) lang:en -is:retweet")), Duration.ofMillis(10), 1);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(500);
            new MonitorJob(source, Jobs.elasticsearchSinks(connection, IndexSettings.DEFAULTS),
                    new SourceSettings(SourceSettings.X_SEARCH, null, SourceSettings.DEFAULT_WATCH_INTERVAL, "x", 10_000, 1 << 20),
                    new ClassifierSettings(null, 0.5), Jobs.enrichSettings(), Jobs.INCIDENTS).execute(env);

            assertThat(x.requests()).hasSize(2);
            assertThat(x.requests().get(0).authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(x.requests().get(0).parameters()).containsEntry("query", "(police OR thana) lang:en -is:retweet")
                    .doesNotContainKey("since_id");
            assertThat(x.requests().get(1).parameters()).containsKey("next_token");
        }

        Set<String> indexed = new TreeSet<>();
        for (JsonNode hit : elastic.all(Indices.FLAGGED_POSTS)) {
            JsonNode doc = hit.get("_source");
            String id = doc.at("/nigrani/post_id").asText();
            indexed.add(id);
            Post post = byId.get(id);
            assertThat(hit.get("_id").asText()).isEqualTo("x:" + id);
            assertThat(doc.at("/nigrani/platform").asText()).isEqualTo("x");
            assertThat(doc.at("/message").asText()).isEqualTo(post.text());
            assertThat(doc.at("/url/full").asText()).isEqualTo(post.url());
            assertThat(doc.at("/nigrani/metrics/views").asLong()).isEqualTo(post.metrics().views());
            assertThat(doc.at("/nigrani/source/path").asText()).isEqualTo("x:search:misconduct-en");
            assertThat(doc.at("/nigrani/incident/id").asText()).startsWith("inc-");
        }
        assertThat(indexed).isEqualTo(expected);
        assertThat(elastic.count(Indices.INCIDENTS)).isPositive();
        assertThat(elastic.count(Indices.DEAD_LETTER)).isZero();
    }

    @Test
    void postsFromTheFilteredStreamAndItsBackfillAreIndexedOnce() throws Exception {
        String hatri = "Hatri thana police ne teen Afghan mazdooron ko bina FIR band kar diya aur 50 hazar rishwat maang rahe hain";
        String beaten = "Cops beat a rickshaw driver with batons outside Aabpara police station, he was only asking for his licence back";
        String backfilled = "Sohrab Goth police ne raat ko ghar mein ghus kar larkon ko maara aur mobile cheen liye, koi FIR nahi";
        MisconductClassifier classifier = MisconductClassifier.fromClasspath(0.5);
        for (String text : List.of(hatri, beaten, backfilled)) {
            assertThat(classifier.classify(text).flagged()).as(text).isTrue();
        }
        XQuery query = new XQuery("police-ur-latn", "(police OR thana) (rishwat OR maara)");
        try (org.nigrani.jobs.testing.XStreamReplay x = org.nigrani.jobs.testing.XStreamReplay.start()) {
            // The stream stalls after two posts; the reconnect brings a third, and recent search fills the gap with
            // one post the stream missed and one it had already delivered.
            x.then(org.nigrani.jobs.testing.XStreamReplay.stall(XStreamSourceTest.line("3001", hatri),
                            XStreamSourceTest.line("3002", beaten)),
                    org.nigrani.jobs.testing.XStreamReplay.serve(Duration.ofMillis(50), XStreamSourceTest.line("3004", beaten + " #2")));
            FakeSearch search = FakeSearch.create("ingest-it")
                    .page(query.id(), "3002", null, null, FakeSearch.post("3003", backfilled), FakeSearch.post("3002", beaten));
            ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
            Environments.installSchema(connection, IndexSettings.DEFAULTS);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            new MonitorJob(XStreamSource.bounded(XStreamSourceTest.connector(x), search.factory(), List.of(query), 4),
                    Jobs.elasticsearchSinks(connection, IndexSettings.DEFAULTS),
                    new SourceSettings(SourceSettings.X_STREAM, null, SourceSettings.DEFAULT_WATCH_INTERVAL, "x", 10_000, 1 << 20),
                    new ClassifierSettings(null, 0.5), Jobs.enrichSettings(), Jobs.INCIDENTS).execute(env);
            assertThat(x.addedValues()).containsExactly(query.query());
        }

        Map<String, JsonNode> indexed = new HashMap<>();
        for (JsonNode hit : elastic.all(Indices.FLAGGED_POSTS)) {
            indexed.put(hit.at("/_source/nigrani/post_id").asText(), hit.get("_source"));
        }
        assertThat(indexed.keySet()).containsExactlyInAnyOrder("3001", "3002", "3003", "3004");
        assertThat(indexed.get("3001").at("/nigrani/stations/0/id").asText()).isEqualTo("hyd-hatri");
        assertThat(indexed.get("3003").at("/nigrani/source/path").asText()).isEqualTo("x:stream");
        assertThat(elastic.count(Indices.DEAD_LETTER)).isZero();
    }

    @Test
    void aFlaggedVideoIsLookedUpAgainAndItsPostAndIncidentTakeTheNewReach() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode original =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(XSearchReplay.resource("video.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) original.get("data")).put("text",
                "Watch: SITE Super Highway police beating Afghan labourers who showed their PoR cards");
        String video = json.writeValueAsString(original);
        long viewsThen = original.at("/includes/media/0/public_metrics/view_count").asLong();
        long viewsNow = viewsThen * 40;
        ((com.fasterxml.jackson.databind.node.ObjectNode) original.at("/includes/media/0/public_metrics")).put("view_count", viewsNow);
        String later = json.writeValueAsString(original);
        String postId = original.at("/data/id").asText();
        ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
        Environments.installSchema(connection, IndexSettings.DEFAULTS);
        try (XSearchReplay search = XSearchReplay.start().then(XSearchReplay.page(video));
                XSearchReplay lookup = XSearchReplay.start(XSearchReplay.LOOKUP_PATH).then(XSearchReplay.page(later))) {
            FixedToken token = new FixedToken(TOKEN);
            XSearchSource source = XSearchSource.continuous(
                    new XRecentSearch.Factory(search.baseUri(), "NIGRANI_X_BEARER_TOKEN", token),
                    List.of(new XQuery("video", "police video")), Duration.ofSeconds(1));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            org.apache.flink.core.execution.JobClient running = new MonitorJob(source,
                    Jobs.elasticsearchSinks(connection, IndexSettings.DEFAULTS),
                    new SourceSettings(SourceSettings.X_SEARCH, null, SourceSettings.DEFAULT_WATCH_INTERVAL, "x", 10_000, 1 << 20),
                    new ClassifierSettings(null, 0.5), Jobs.enrichSettings(), Jobs.INCIDENTS,
                    new org.nigrani.jobs.incident.ReachRefresh.Settings(List.of(Duration.ofMillis(300)), Duration.ofMillis(100)),
                    new XPostLookup.Factory(lookup.baseUri(), "NIGRANI_X_BEARER_TOKEN", token)).executeAsync(env);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                JsonNode post = null;
                while (System.nanoTime() < deadline) {
                    List<JsonNode> hits = elastic.all(Indices.FLAGGED_POSTS);
                    post = hits.isEmpty() ? null : hits.get(0).get("_source");
                    if (post != null && "live".equals(post.at("/nigrani/reach/status").asText())) {
                        break;
                    }
                    if (running.getJobStatus().get().isGloballyTerminalState()) {
                        running.getJobExecutionResult().get(); // throws the job's failure
                        throw new AssertionError("the job ended early");
                    }
                    Thread.sleep(200);
                }
                assertThat(post).as("the flagged video").isNotNull();
                assertThat(post.at("/nigrani/post_id").asText()).isEqualTo(postId);
                assertThat(post.at("/nigrani/reach/status").asText()).isEqualTo("live");
                assertThat(post.at("/nigrani/metrics/views").asLong()).isEqualTo(viewsNow);
                assertThat(lookup.requests()).isNotEmpty();
                assertThat(lookup.requests().get(0).parameters()).containsEntry("ids", postId);

                long incidentViews = 0;
                while (System.nanoTime() < deadline && incidentViews != viewsNow) {
                    List<JsonNode> incidents = elastic.all(Indices.INCIDENTS);
                    incidentViews = incidents.isEmpty() ? 0 : incidents.get(0).at("/_source/nigrani/reach/views").asLong();
                    Thread.sleep(200);
                }
                assertThat(incidentViews).as("the incident takes the post's new reach").isEqualTo(viewsNow);
            } finally {
                running.cancel().get();
            }
        }
    }
}
