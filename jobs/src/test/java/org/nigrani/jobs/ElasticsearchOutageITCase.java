package org.nigrani.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.local.LocalElasticsearch;
import org.nigrani.elastic.local.LocalElasticsearchSettings;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.ProjectRoot;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.index.ElasticsearchSink;
import org.nigrani.jobs.index.IndexSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.RawLine;
import org.nigrani.jobs.testing.Elastic;
import org.nigrani.jobs.testing.Jobs;
import org.nigrani.nlp.classify.MisconductClassifier;

/**
 * Elasticsearch goes away in the middle of a stream and comes back: every flagged post must end up indexed exactly
 * once. Uses its own Elasticsearch, since stopping the shared one would disturb other tests.
 */
class ElasticsearchOutageITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final int POSTS = 2400;
    static final double POSTS_PER_SECOND = 150;
    static final List<String> TEXTS = List.of(
            "Police at the Sohrab Goth thana beat my brother in custody and demanded 20,000 rupees for his release",
            "Lovely weather in Karachi today, going to the beach with family",
            "SHO ne FIR darj karne se inkar kar diya aur ulta humein dhamkiyan di, rishwat maang raha tha",
            "Pakistan beat Australia in a thrilling match, what a game",
            "Viral video: policemen slapping and harassing Afghan card holders near Super Highway",
            "Karachi traffic police announces new diversion plan for the marathon on Sunday");

    static LocalElasticsearch elasticsearch;
    static RestClient client;

    @BeforeAll
    static void start() {
        Path root = ProjectRoot.find();
        elasticsearch = LocalElasticsearch.start(LocalElasticsearchSettings.forProject(root)
                .withDataDir(root.resolve(".local/test-es/outage-" + UUID.randomUUID()).resolve("data"))
                .withHttpPort(LocalElasticsearchSettings.PICK_FREE_PORT).withHeap("384m"));
        client = RestClient.builder(new HttpHost("127.0.0.1", elasticsearch.port(), "http")).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        elasticsearch.close();
    }

    static RawLine post(long i) {
        String json = "{\"id\":\"g" + i + "\",\"text\":\"" + TEXTS.get((int) (i % TEXTS.size())) + " #" + i
                + "\",\"created_at\":\"2023-11-10T10:00:00Z\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new RawLine("generator", i, bytes, bytes.length);
    }

    @Test
    void everyFlaggedPostIsIndexedExactlyOnceAfterAnOutage() throws Exception {
        MisconductClassifier classifier = MisconductClassifier.fromClasspath(0.5);
        Set<String> expected = new TreeSet<>();
        for (long i = 0; i < POSTS; i++) {
            String text = TEXTS.get((int) (i % TEXTS.size())) + " #" + i;
            if (classifier.classify(text).flagged()) {
                expected.add("g" + i);
            }
        }
        assertThat(expected).as("enough flagged posts to make the outage matter").hasSizeGreaterThan(POSTS / 10);

        ElasticConnection connection = ElasticConnection.local(elasticsearch.url());
        Environments.installSchema(connection, IndexSettings.DEFAULTS);
        IndexSettings quickRetries = new IndexSettings(200, IndexSettings.DEFAULT_MAX_BATCH_BYTES, Duration.ofMillis(200), 2,
                10_000, Duration.ofMillis(100), Duration.ofSeconds(2), 0, "1s");
        DataGeneratorSource<RawLine> source = new DataGeneratorSource<>((GeneratorFunction<Long, RawLine>) ElasticsearchOutageITCase::post,
                POSTS, RateLimiterStrategy.perSecond(POSTS_PER_SECOND), TypeInformation.of(RawLine.class));
        MonitorJob job = new MonitorJob(source, Jobs.elasticsearchSinks(connection, quickRetries),
                new SourceSettings("file", Path.of("unused"), SourceSettings.DEFAULT_WATCH_INTERVAL, "x", 10_000, 2 * 1024 * 1024),
                new ClassifierSettings(null, 0.5), Jobs.enrichSettings(), Jobs.INCIDENTS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        JobClient running = job.executeAsync(env);

        Elastic elastic = new Elastic(client);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (elastic.count(Indices.FLAGGED_POSTS) < 50 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long before = elastic.count(Indices.FLAGGED_POSTS);
        assertThat(before).as("the outage must start mid-stream").isBetween(1L, (long) expected.size() - 100);
        elasticsearch.stop();
        Thread.sleep(4000);
        assertThat(running.getJobStatus().get().isGloballyTerminalState()).as("the job waits for Elasticsearch").isFalse();
        elasticsearch.startAgain();

        running.getJobExecutionResult().get();
        Set<String> indexed = new TreeSet<>();
        List<JsonNode> all = elastic.all(Indices.FLAGGED_POSTS);
        for (JsonNode hit : all) {
            indexed.add(hit.at("/_source/nigrani/post_id").asText());
        }
        assertThat(all).hasSize(expected.size());
        assertThat(indexed).isEqualTo(expected);
        assertThat(elastic.count(Indices.FLAGGED_POSTS)).isEqualTo(expected.size());
    }
}
