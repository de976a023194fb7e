package org.nigrani.jobs.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.classify.FlaggedPost;
import org.nigrani.jobs.enrich.EnrichedPost;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.IncidentPost;
import org.nigrani.jobs.incident.Priority;
import org.nigrani.nlp.classify.Verdict;

/** What goes over the wire to Elasticsearch and into checkpoints. */
class BulkWireFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bulkBodyIsOneActionAndOneDocumentPerLine() throws Exception {
        BulkEntry a = new BulkEntry("flagged-posts-2023.11", "x:1", "{\"message\":\"a\"}".getBytes(StandardCharsets.UTF_8), "f", 0, "1", false);
        BulkEntry b = new BulkEntry("monitor-deadletter", "parse:\"odd\"", "{\"m\":2}".getBytes(StandardCharsets.UTF_8), "f", 9, null, true);
        String[] lines = new String(ElasticsearchSinkWriter.ndjson(List.of(a, b)), StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(5);
        assertThat(JSON.readTree(lines[0]).at("/index/_index").asText()).isEqualTo("flagged-posts-2023.11");
        assertThat(JSON.readTree(lines[0]).at("/index/_id").asText()).isEqualTo("x:1");
        assertThat(lines[1]).isEqualTo("{\"message\":\"a\"}");
        assertThat(JSON.readTree(lines[2]).at("/index/_id").asText()).isEqualTo("parse:\"odd\"");
        assertThat(lines[4]).isEmpty();
    }

    @Test
    void readsAnErrorFreeResponseWithoutItems() throws Exception {
        BulkResult r = BulkResult.parse(stream("{\"took\":3,\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}"));
        assertThat(r.errors()).isFalse();
    }

    @Test
    void sortsItemFailuresIntoRetriableAndPermanent() throws Exception {
        BulkResult r = BulkResult.parse(stream("""
                {"took":3,"errors":true,"items":[
                  {"index":{"_index":"i","_id":"1","status":201,"result":"created"}},
                  {"index":{"_index":"i","_id":"2","status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}},
                  {"index":{"_index":"i","_id":"3","status":400,"error":{"type":"document_parsing_exception","reason":"[1:2] failed to parse","caused_by":{"type":"x"}}}},
                  {"index":{"_index":"i","_id":"4","status":503,"error":{"type":"unavailable_shards_exception","reason":"no shard"}}}
                ]}"""));
        assertThat(r.items()).hasSize(4);
        assertThat(r.items().get(0).ok()).isTrue();
        assertThat(r.items().get(1).retriable()).isTrue();
        assertThat(r.items().get(2)).isEqualTo(new BulkResult.Item(400, "document_parsing_exception", "[1:2] failed to parse"));
        assertThat(r.items().get(2).retriable()).isFalse();
        assertThat(r.items().get(3).retriable()).isTrue();
    }

    @Test
    void aRefusedDocumentBecomesADeadLetterNamingTheError() throws Exception {
        BulkEntry refused = new BulkEntry("flagged-posts-2023.11", "x:7", "{\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8),
                "/in/posts.jsonl", 1234, "7", false);
        BulkEntry letter = DeadLetterDocument.refused(refused, new BulkResult.Item(400, "mapper_parsing_exception", "bad field"));
        assertThat(letter.index()).isEqualTo("monitor-deadletter");
        assertThat(letter.deadLetter()).isTrue();
        JsonNode doc = JSON.readTree(letter.document());
        assertThat(doc.at("/error/type").asText()).isEqualTo("mapper_parsing_exception");
        assertThat(doc.at("/error/message").asText()).contains("400").contains("bad field");
        assertThat(doc.at("/nigrani/stage").asText()).isEqualTo("index");
        assertThat(doc.at("/nigrani/target_index").asText()).isEqualTo("flagged-posts-2023.11");
        assertThat(doc.at("/nigrani/source/offset").asLong()).isEqualTo(1234);
        assertThat(doc.at("/event/original").asText()).isEqualTo("{\"message\":\"hi\"}");
    }

    @Test
    void checkpointStateRoundTrips() throws Exception {
        BulkEntry a = new BulkEntry("flagged-posts-2023.11", "x:1", new byte[] {1, 2, 3}, "/in/ä.jsonl", 77, "1", false);
        BulkEntry b = new BulkEntry("monitor-deadletter", "parse:abc:9", new byte[0], "/in/b.jsonl", 9, null, true);
        BulkEntrySerializer serializer = new BulkEntrySerializer();
        BufferedRequestState<BulkEntry> state = new BufferedRequestState<>(List.of(
                new RequestEntryWrapper<>(a, 67), new RequestEntryWrapper<>(b, 64)));
        BufferedRequestState<BulkEntry> back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        List<BulkEntry> entries = back.getBufferedRequestEntries().stream().map(RequestEntryWrapper::getRequestEntry).toList();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).usingRecursiveComparison().isEqualTo(a);
        assertThat(entries.get(1)).usingRecursiveComparison().isEqualTo(b);
    }

    @Test
    void hostileTextStaysValidJsonAndVerbatim() throws Exception {
        String text = "</script><script>alert(1)</script>\"},{\"index\":{}}\n\u202E\u0000 پولیس";
        Post post = new Post("x", "9", null, "a", text, Instant.parse("2023-11-08T10:15:00Z"), null, List.of(),
                Post.Metrics.NONE, null, null, new Post.SourceRef("f", 0));
        FlaggedPost flagged = new FlaggedPost(post, new Verdict("police_misconduct", 0.9, "violence", "ur-Latn", List.of("mara")), "m");
        Enrichment none = new Enrichment(List.of(), null, List.of(), 0, "general", false, null);
        byte[] doc = FlaggedPostDocument.toJson(new IncidentPost(new EnrichedPost(flagged, none), "inc-1",
                Priority.of(0.9, "violence", false, 0, 0, 0, Duration.ZERO)), Instant.parse("2023-11-09T00:00:00Z"));
        assertThat(new String(doc, StandardCharsets.UTF_8)).doesNotContain("\n");
        assertThat(JSON.readTree(doc).get("message").asText()).isEqualTo(text);
    }

    @Test
    void anUpsertUpdatesTheStoredDocumentOrCreatesIt() throws Exception {
        BulkEntry incident = BulkEntry.upsert("incidents", "inc-1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1,\"triage\":{\"status\":\"new\"}}".getBytes(StandardCharsets.UTF_8), "incident inc-1", "x:1");
        String[] lines = new String(ElasticsearchSinkWriter.ndjson(List.of(incident)), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).at("/update/_id").asText()).isEqualTo("inc-1");
        assertThat(JSON.readTree(lines[1]).at("/doc/a").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(lines[1]).at("/doc/triage").isMissingNode()).isTrue();
        assertThat(JSON.readTree(lines[1]).at("/upsert/triage/status").asText()).isEqualTo("new");
    }

    @Test
    void aCreateOnlyCreates() throws Exception {
        BulkEntry custody = BulkEntry.create("evidence", "abc:captured", "{\"event\":\"captured\"}".getBytes(StandardCharsets.UTF_8),
                "evidence x:1");
        String[] lines = new String(ElasticsearchSinkWriter.ndjson(List.of(custody)), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).at("/create/_id").asText()).isEqualTo("abc:captured");
        assertThat(JSON.readTree(lines[1]).at("/event").asText()).isEqualTo("captured");
    }

    @Test
    void everyOperationRoundTripsThroughCheckpoints() throws Exception {
        BulkEntrySerializer serializer = new BulkEntrySerializer();
        for (BulkEntry entry : List.of(BulkEntry.create("evidence", "a:captured", new byte[] {1}, "evidence x:1"),
                BulkEntry.update("flagged-posts-2023.11", "x:1", new byte[] {4}, "reach x:1", "1"))) {
            List<BulkEntry> back = serializer.deserialize(serializer.getVersion(),
                    serializer.serialize(new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(entry, 10)))))
                    .getBufferedRequestEntries().stream().map(RequestEntryWrapper::getRequestEntry).toList();
            assertThat(back).singleElement().usingRecursiveComparison().isEqualTo(entry);
        }
    }

    @Test
    void anUpsertDocumentGoesWithAnUpdateOnly() {
        assertThatThrownBy(() -> new BulkEntry("evidence", "a", new byte[] {1}, "p", 0, null, false, new byte[] {2},
                BulkEntry.Op.CREATE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CREATE");
    }

    @Test
    void anUpsertRoundTripsThroughCheckpoints() throws Exception {
        BulkEntry incident = BulkEntry.upsert("incidents", "inc-1", new byte[] {1}, new byte[] {2, 3}, "incident inc-1", null);
        BulkEntrySerializer serializer = new BulkEntrySerializer();
        List<BulkEntry> back = serializer.deserialize(serializer.getVersion(),
                serializer.serialize(new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(incident, 10)))))
                .getBufferedRequestEntries().stream().map(RequestEntryWrapper::getRequestEntry).toList();
        assertThat(back).singleElement().usingRecursiveComparison().isEqualTo(incident);
    }

    @Test
    void checkpointsWrittenBeforeUpsertsStillRestore() throws Exception {
        BulkEntry a = new BulkEntry("flagged-posts-2023.11", "x:1", new byte[] {1, 2, 3}, "/in/a.jsonl", 77, "1", false);
        byte[] v1 = new VersionOneWriter().serialize(new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(a, 67))));
        List<BulkEntry> back = new BulkEntrySerializer().deserialize(1, v1).getBufferedRequestEntries().stream()
                .map(RequestEntryWrapper::getRequestEntry).toList();
        assertThat(back).singleElement().usingRecursiveComparison().isEqualTo(a);
    }

    /** The checkpoint format of release 0.1, before bulk entries could be upserts. */
    private static final class VersionOneWriter extends AsyncSinkWriterStateSerializer<BulkEntry> {
        @Override
        protected void serializeRequestToStream(BulkEntry entry, DataOutputStream out) throws IOException {
            out.writeUTF(entry.index());
            out.writeUTF(entry.id());
            out.writeInt(entry.document().length);
            out.write(entry.document());
            out.writeUTF(entry.sourcePath());
            out.writeLong(entry.sourceOffset());
            out.writeBoolean(true);
            out.writeUTF(entry.postId());
            out.writeBoolean(entry.deadLetter());
        }

        @Override
        protected BulkEntry deserializeRequestFromStream(long requestSize, DataInputStream in) {
            throw new UnsupportedOperationException("writes only");
        }

        @Override
        public int getVersion() {
            return 1;
        }
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
