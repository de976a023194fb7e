package org.nigrani.jobs.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.elasticsearch.client.Request;
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
import org.nigrani.jobs.Environments;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.index.IndexSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.JsonLinesSource;
import org.nigrani.jobs.testing.Elastic;
import org.nigrani.jobs.testing.Jobs;

/** Incidents in the real local Elasticsearch: their documents, and the incident id on every flagged post. */
@ExtendWith(SharedElasticsearch.class)
class IncidentsITCase {

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

    private void run(Path input) throws Exception {
        ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
        Environments.installSchema(connection, IndexSettings.DEFAULTS);
        SourceSettings source = new SourceSettings("file", input, SourceSettings.DEFAULT_WATCH_INTERVAL, "x", 10_000, 1 << 20);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        new MonitorJob(JsonLinesSource.of(input, null, source.maxLineBytes()), Jobs.elasticsearchSinks(connection, IndexSettings.DEFAULTS),
                source, new ClassifierSettings(null, 0.5), Jobs.enrichSettings(), Jobs.INCIDENTS).execute(env);
    }

    @Test
    void postsCarryTheirIncidentAndIncidentsGatherTheirPosts() throws Exception {
        Path input = dir.resolve("incidents.jsonl");
        Files.copy(IncidentsITCase.class.getResourceAsStream("/fixtures/incidents.jsonl"), input);
        run(input);

        Map<String, String> incidentOf = new HashMap<>();
        for (JsonNode hit : elastic.all(Indices.FLAGGED_POSTS)) {
            JsonNode doc = hit.get("_source");
            incidentOf.put(doc.at("/nigrani/post_id").asText(), doc.at("/nigrani/incident/id").asText());
            assertThat(doc.at("/nigrani/priority/score").asInt()).isBetween(0, 100);
        }
        assertThat(incidentOf.keySet()).containsExactlyInAnyOrder("v1", "v2", "v3", "v4", "h1", "h2", "h3", "u1", "u2");
        String video = incidentOf.get("v1");
        assertThat(List.of(incidentOf.get("v2"), incidentOf.get("v3"), incidentOf.get("v4"))).as("one video, four captions")
                .containsOnly(video);
        String hatri = incidentOf.get("h1");
        assertThat(incidentOf.get("h2")).as("same station and category the same day").isEqualTo(hatri);
        assertThat(incidentOf.get("h3")).as("same station and category eleven days later").isNotEqualTo(hatri);
        assertThat(new HashSet<>(incidentOf.values())).as("unrelated posts stay apart").hasSize(5);

        Map<String, JsonNode> incidents = new HashMap<>();
        for (JsonNode hit : elastic.all(Indices.INCIDENTS)) {
            incidents.put(hit.get("_id").asText(), hit.get("_source"));
            assertThat(hit.at("/_source/nigrani/incident/id").asText()).isEqualTo(hit.get("_id").asText());
        }
        assertThat(incidents.keySet()).isEqualTo(new HashSet<>(incidentOf.values()));

        JsonNode v = incidents.get(video).get("nigrani");
        assertThat(v.at("/incident/kind").asText()).isEqualTo("video");
        assertThat(v.at("/incident/post_count").asLong()).isEqualTo(4);
        assertThat(v.at("/incident/first_post_id").asText()).isEqualTo("x:v1");
        assertThat(v.at("/incident/first_seen").asText()).isEqualTo("2023-11-06T13:31:56Z");
        assertThat(v.at("/incident/last_seen").asText()).isEqualTo("2023-11-06T15:02:11Z");
        assertThat(v.at("/has_video").asBoolean()).isTrue();
        assertThat(v.at("/reach/views").asLong()).isEqualTo(120_500);
        assertThat(v.at("/langs")).extracting(JsonNode::asText).contains("en", "ur");
        assertThat(v.at("/stations/0/id").asText()).isEqualTo("khi-site-super-highway");
        assertThat(v.at("/priority/components/video").asDouble()).isEqualTo(1.0);
        assertThat(v.at("/priority/score").asInt()).isBetween(60, 100);
        assertThat(v.at("/title").asText()).as("the most reposted post's text").startsWith("This happened today near SITE Super Highway");
        assertThat(v.at("/media/url").asText()).isEqualTo("https://video.example.org/v/1700175462883619190.mp4");
        assertThat(v.at("/media/views").asLong()).isEqualTo(120_500);
        assertThat(v.at("/reach/trend").asText()).isIn("rising", "steady", "slowing");
        JsonNode history = v.at("/reach/history");
        assertThat(history.isArray() && !history.isEmpty()).as("the reach over time, for the console's chart").isTrue();
        assertThat(history.get(history.size() - 1).path("views").asLong()).isEqualTo(120_500);
        assertThat(v.at("/triage/status").asText()).isEqualTo("new");

        JsonNode h = incidents.get(hatri).get("nigrani");
        assertThat(h.at("/incident/kind").asText()).isEqualTo("station");
        assertThat(h.at("/incident/post_count").asLong()).isEqualTo(2);
        assertThat(h.at("/stations/0/id").asText()).isEqualTo("hyd-hatri");
        assertThat(h.at("/city").asText()).isEqualTo("Hyderabad");
        assertThat(h.at("/category").asText()).isEqualTo("unlawful_detention");
        assertThat(h.at("/priority/components/video").asDouble()).isZero();
        assertThat(h.at("/priority/score").asInt()).isLessThan(v.at("/priority/score").asInt());

        JsonNode mapping = elastic.get("/" + Indices.INCIDENTS + "/_mapping").at("/" + Indices.INCIDENTS + "/mappings");
        assertThat(mapping.get("dynamic").asText()).isEqualTo("strict");
        assertThat(mapping.at("/properties/nigrani/properties/incident/properties/post_count/type").asText()).isEqualTo("long");
        assertThat(mapping.at("/properties/nigrani/properties/priority/properties/components/properties/reach/type").asText())
                .isEqualTo("float");

        // An investigator takes the video case; a replay then rewrites the incidents but keeps the triage:
        // same ids, same counts, nothing dead-lettered.
        Request take = new Request("POST", "/" + Indices.INCIDENTS + "/_update/" + video + "?refresh=true");
        take.setJsonEntity("{\"doc\":{\"nigrani\":{\"triage\":{\"status\":\"assigned\",\"assignee\":\"inv-7\"}}}}");
        SharedElasticsearch.restClient().performRequest(take);
        run(input);
        Set<String> again = new HashSet<>();
        for (JsonNode hit : elastic.all(Indices.INCIDENTS)) {
            again.add(hit.get("_id").asText());
            if (hit.get("_id").asText().equals(video)) {
                assertThat(hit.at("/_source/nigrani/incident/post_count").asLong()).isEqualTo(4);
                assertThat(hit.at("/_source/nigrani/triage/status").asText()).isEqualTo("assigned");
                assertThat(hit.at("/_source/nigrani/triage/assignee").asText()).isEqualTo("inv-7");
            }
        }
        assertThat(again).isEqualTo(incidents.keySet());
        assertThat(elastic.count(Indices.DEAD_LETTER)).isZero();
    }
}
