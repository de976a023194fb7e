package org.nigrani.jobs.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
import org.nigrani.jobs.testing.Elastic;

/** The sink against the real local Elasticsearch: documents it refuses become dead letters; the rest go in. */
@ExtendWith(SharedElasticsearch.class)
class ElasticsearchSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @BeforeEach
    void clean() throws Exception {
        TestIndices.deleteAll(SharedElasticsearch.restClient());
    }

    private static BulkEntry post(int i, String json) {
        return new BulkEntry("flagged-posts-2023.11", "x:" + i, json.getBytes(StandardCharsets.UTF_8), "/in/posts.jsonl", i * 100L,
                Integer.toString(i), false);
    }

    @Test
    void aRefusedDocumentIsDeadLetteredWithElasticsearchsReasonAndTheRestIsIndexed() throws Exception {
        ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
        Environments.installSchema(connection, IndexSettings.DEFAULTS);
        List<BulkEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(post(i, "{\"@timestamp\":\"2023-11-08T10:00:00Z\",\"message\":\"post " + i + "\",\"nigrani\":{\"post_id\":\"" + i + "\"}}"));
        }
        // the strict mapping refuses an unknown field, and a date that is not a date
        entries.set(7, post(7, "{\"@timestamp\":\"2023-11-08T10:00:00Z\",\"message\":\"x\",\"surprise\":1}"));
        entries.set(31, post(31, "{\"@timestamp\":\"not a date\",\"message\":\"y\"}"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(TypeInformation.of(BulkEntry.class), entries.toArray(new BulkEntry[0]))
                .sinkTo(new ElasticsearchSink(connection, IndexSettings.DEFAULTS));
        env.execute("sink test");

        Elastic elastic = new Elastic(SharedElasticsearch.restClient());
        assertThat(elastic.count(Indices.FLAGGED_POSTS)).isEqualTo(48);
        List<JsonNode> letters = elastic.all(Indices.DEAD_LETTER);
        assertThat(letters).hasSize(2);
        for (JsonNode hit : letters) {
            JsonNode doc = hit.get("_source");
            assertThat(doc.at("/nigrani/stage").asText()).isEqualTo("index");
            assertThat(doc.at("/nigrani/target_index").asText()).isEqualTo("flagged-posts-2023.11");
            assertThat(doc.at("/error/message").asText()).startsWith("Elasticsearch refused the document with status 400");
            long offset = doc.at("/nigrani/source/offset").asLong();
            assertThat(offset).isIn(700L, 3100L);
            assertThat(doc.at("/error/type").asText())
                    .isEqualTo(offset == 700 ? "strict_dynamic_mapping_exception" : "document_parsing_exception");
            assertThat(doc.at("/event/original").asText()).contains(offset == 700 ? "surprise" : "not a date");
        }
    }

    @Test
    void anUpdateThatArrivesBeforeItsDocumentWaitsForItInsteadOfBeingLost() throws Exception {
        ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
        Environments.installSchema(connection, IndexSettings.DEFAULTS);
        // The evidence of post 1 in the same bulk request as the post, but first: Elasticsearch finds no document.
        BulkEntry evidence = BulkEntry.update("flagged-posts-2023.11", "x:1",
                "{\"nigrani\":{\"evidence\":[{\"kind\":\"snapshot\",\"status\":\"captured\"}]}}".getBytes(StandardCharsets.UTF_8),
                "evidence x:1", "1");
        BulkEntry doc = post(1, "{\"@timestamp\":\"2023-11-08T10:00:00Z\",\"message\":\"post 1\",\"nigrani\":{\"post_id\":\"1\"}}");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(TypeInformation.of(BulkEntry.class), evidence, doc)
                .sinkTo(new ElasticsearchSink(connection, IndexSettings.DEFAULTS));
        env.execute("sink test");

        Elastic elastic = new Elastic(SharedElasticsearch.restClient());
        List<JsonNode> posts = elastic.all(Indices.FLAGGED_POSTS);
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).at("/_source/message").asText()).isEqualTo("post 1");
        assertThat(posts.get(0).at("/_source/nigrani/evidence/0/status").asText()).isEqualTo("captured");
        assertThat(elastic.count(Indices.DEAD_LETTER)).isZero();
    }
}
