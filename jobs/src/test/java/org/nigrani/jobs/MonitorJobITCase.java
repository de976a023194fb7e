package org.nigrani.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.elastic.testing.TestIndices;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.index.ElasticsearchSink;
import org.nigrani.jobs.index.IndexSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.JsonLinesSource;
import org.nigrani.jobs.testing.Elastic;
import org.nigrani.jobs.testing.Jobs;
import org.nigrani.jobs.testing.Expected;

/** The whole job in a MiniCluster against the real local Elasticsearch, over a fixture stream. */
@ExtendWith(SharedElasticsearch.class)
class MonitorJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    private final Elastic elastic = new Elastic(SharedElasticsearch.restClient());

    @BeforeEach
    void clean() throws Exception {
        TestIndices.deleteAll(SharedElasticsearch.restClient());
    }

    private static MonitorJob job(Path input, Duration watchInterval) {
        ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
        Environments.installSchema(connection, IndexSettings.DEFAULTS);
        SourceSettings source = new SourceSettings(watchInterval == null ? "file" : "folder", input,
                watchInterval == null ? SourceSettings.DEFAULT_WATCH_INTERVAL : watchInterval, "x", 10_000, 2 * 1024 * 1024);
        return new MonitorJob(JsonLinesSource.of(input, watchInterval, source.maxLineBytes()),
                Jobs.elasticsearchSinks(connection, IndexSettings.DEFAULTS),
                source, new ClassifierSettings(null, 0.5), Jobs.enrichSettings(), Jobs.INCIDENTS);
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        return env;
    }

    private void runJob(Path input) throws Exception {
        job(input, null).execute(env());
    }

    @Test
    void watchesADropFolderAndIndexesFilesAsTheyArrive() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("drop"));
        Path staged = dir.resolve("staged.jsonl");
        Files.copy(MonitorJobITCase.class.getResourceAsStream("/fixtures/stream.jsonl"), staged);
        Expected expected = Expected.forFile(staged, 0.5);
        JobClient running = job(folder, Duration.ofMillis(300)).executeAsync(env());
        try {
            Thread.sleep(1000);
            assertThat(elastic.count(Indices.FLAGGED_POSTS)).isZero();
            // Files are moved in whole, as the README asks, so the source never sees half a file.
            Files.move(staged, folder.resolve("batch-1.jsonl"), StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (elastic.count(Indices.FLAGGED_POSTS) < expected.flaggedIds().size() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(elastic.count(Indices.FLAGGED_POSTS)).isEqualTo(expected.flaggedIds().size());
            assertThat(elastic.count(Indices.DEAD_LETTER)).isEqualTo(expected.rejectedByOffset().size());
            assertThat(running.getJobStatus().get().isGloballyTerminalState()).as("a watching job keeps running").isFalse();
        } finally {
            running.cancel().get();
        }
    }

    @Test
    void indexesExactlyTheFlaggedPostsDeadLettersTheRestAndReplaysIdempotently() throws Exception {
        Path input = dir.resolve("stream.jsonl");
        Files.copy(MonitorJobITCase.class.getResourceAsStream("/fixtures/stream.jsonl"), input);
        Expected expected = Expected.forFile(input, 0.5);
        // The oracle must itself be sensible, or the comparison below proves little.
        assertThat(expected.flaggedIds()).contains("101", "102", "105").doesNotContain("201", "202", "207");

        runJob(input);

        Set<String> indexed = new TreeSet<>();
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode hit : elastic.all(Indices.FLAGGED_POSTS)) {
            String postId = hit.at("/_source/nigrani/post_id").asText();
            indexed.add(postId);
            byId.put(postId, hit);
            assertThat(hit.get("_id").asText()).isEqualTo("x:" + postId);
            assertThat(hit.get("_index").asText()).isEqualTo("flagged-posts-2023.11");
        }
        assertThat(indexed).isEqualTo(expected.flaggedIds());

        JsonNode video = byId.get("101").get("_source");
        assertThat(video.get("message").asText()).startsWith("Watch: SITE Super Highway police");
        assertThat(video.at("/nigrani/has_video").asBoolean()).isTrue();
        assertThat(video.at("/nigrani/media/0/view_count").asLong()).isEqualTo(1000);
        assertThat(video.at("/nigrani/classifier/score").asDouble()).isBetween(0.5, 1.0);
        assertThat(video.at("/nigrani/classifier/category").asText()).isNotEqualTo("none");
        assertThat(video.at("/nigrani/classifier/why")).isNotEmpty();
        assertThat(video.at("/user/name").asText()).isEqualTo("fixture_user_0");
        assertThat(video.at("/url/full").asText()).isEqualTo("https://x.com/fixture_user/status/101");
        assertThat(video.at("/nigrani/source/offset").asLong()).isEqualTo(Expected.offsetOf(input, "\"id\": \"101\""));
        assertThat(video.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(video.at("/nigrani/lang").asText()).isEqualTo("en");
        assertThat(byId.get("102").at("/_source/nigrani/lang").asText()).isEqualTo("ur-Latn");

        assertMappings();
        assertThat(elastic.get("/_alias/" + Indices.FLAGGED_POSTS).has("flagged-posts-2023.11")).isTrue();

        Map<Long, String> deadLetters = new HashMap<>();
        for (JsonNode hit : elastic.all(Indices.DEAD_LETTER)) {
            JsonNode doc = hit.get("_source");
            deadLetters.put(doc.at("/nigrani/source/offset").asLong(), doc.at("/error/type").asText());
            assertThat(doc.at("/error/message").asText()).isNotBlank();
            assertThat(doc.at("/log/file/path").asText()).endsWith("stream.jsonl");
            assertThat(doc.at("/event/original").asText()).isNotEmpty();
        }
        assertThat(deadLetters).isEqualTo(expected.rejectedByOffset());
        assertThat(deadLetters.values()).containsExactlyInAnyOrder("invalid_json", "missing_field", "missing_field",
                "invalid_date", "wrong_type", "not_an_object", "invalid_json", "invalid_utf8");

        long flagged = elastic.count(Indices.FLAGGED_POSTS);
        long dead = elastic.count(Indices.DEAD_LETTER);
        runJob(input);
        assertThat(elastic.count(Indices.FLAGGED_POSTS)).isEqualTo(flagged);
        assertThat(elastic.count(Indices.DEAD_LETTER)).isEqualTo(dead);
    }

    private void assertMappings() {
        JsonNode props = elastic.get("/flagged-posts-2023.11/_mapping").at("/flagged-posts-2023.11/mappings");
        assertThat(props.get("dynamic").asText()).isEqualTo("strict");
        Map<String, String> expectedTypes = Map.ofEntries(
                Map.entry("/properties/@timestamp/type", "date"),
                Map.entry("/properties/message/type", "text"),
                Map.entry("/properties/user/properties/name/type", "keyword"),
                Map.entry("/properties/url/properties/full/type", "keyword"),
                Map.entry("/properties/event/properties/kind/type", "keyword"),
                Map.entry("/properties/event/properties/created/type", "date"),
                Map.entry("/properties/nigrani/properties/platform/type", "keyword"),
                Map.entry("/properties/nigrani/properties/post_id/type", "keyword"),
                Map.entry("/properties/nigrani/properties/lang/type", "keyword"),
                Map.entry("/properties/nigrani/properties/has_video/type", "boolean"),
                Map.entry("/properties/nigrani/properties/classifier/properties/score/type", "float"),
                Map.entry("/properties/nigrani/properties/classifier/properties/category/type", "keyword"),
                Map.entry("/properties/nigrani/properties/classifier/properties/why/type", "keyword"),
                Map.entry("/properties/nigrani/properties/media/type", "nested"),
                Map.entry("/properties/nigrani/properties/media/properties/view_count/type", "long"),
                Map.entry("/properties/nigrani/properties/metrics/properties/views/type", "long"),
                Map.entry("/properties/nigrani/properties/source/properties/offset/type", "long"));
        expectedTypes.forEach((path, type) -> assertThat(props.at(path).asText()).as(path).isEqualTo(type));

        JsonNode dead = elastic.get("/" + Indices.DEAD_LETTER + "/_mapping").at("/" + Indices.DEAD_LETTER + "/mappings/properties");
        assertThat(dead.at("/error/properties/type/type").asText()).isEqualTo("keyword");
        assertThat(dead.at("/error/properties/message/type").asText()).isEqualTo("text");
        assertThat(dead.at("/event/properties/original/index").asBoolean(true)).isFalse();
        assertThat(dead.at("/nigrani/properties/source/properties/offset/type").asText()).isEqualTo("long");
    }
}
