package org.nigrani.jobs.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.index.BulkEntry;

class EvidenceDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2023-11-06T14:00:00Z");
    private static final String SHA = "a".repeat(64);

    private static List<BulkEntry> documents(PostEvidence e) {
        List<BulkEntry> out = new ArrayList<>();
        new EvidenceDocuments().flatMap(e, new Collector<>() {
            @Override
            public void collect(BulkEntry record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    private static PostEvidence evidence(String post, boolean firstCopy) {
        EvidenceItem video = new EvidenceItem("video", "https://video.twimg.com/v.mp4", "https://video.twimg.com/v.mp4",
                "captured", null, SHA, 1234, "video/mp4", AT, new EvidenceItem.Stamp("granted", AT, "CN=TSA", null), firstCopy);
        EvidenceItem refused = EvidenceItem.notCaptured("image", "http://169.254.169.254/", "refused",
                "address: 169.254.169.254 is link-local", AT);
        return new PostEvidence("x:" + post, post, Instant.parse("2023-11-06T13:31:56Z"), "inc-1", "/in/posts.jsonl",
                List.of(video, refused));
    }

    @Test
    void recordsEveryItemOnThePostAndCustodyForWhatWasKept() throws Exception {
        List<BulkEntry> docs = documents(evidence("17", true));
        assertThat(docs).hasSize(2);
        BulkEntry post = docs.get(0);
        assertThat(post.op()).isEqualTo(BulkEntry.Op.UPDATE);
        assertThat(post.upsert()).as("never creates the post's document").isEmpty();
        assertThat(post.index()).isEqualTo("flagged-posts-2023.11");
        assertThat(post.id()).isEqualTo("x:17");
        JsonNode items = JSON.readTree(post.document()).at("/nigrani/evidence");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("sha256").asText()).isEqualTo(SHA);
        assertThat(items.get(0).at("/timestamp/gen_time").asText()).isEqualTo(AT.toString());
        assertThat(items.get(1).path("status").asText()).isEqualTo("refused");
        assertThat(items.get(1).path("reason").asText()).startsWith("address");
        assertThat(items.get(1).has("sha256")).isFalse();
        assertThat(items.get(1).has("timestamp")).isFalse();

        BulkEntry custody = docs.get(1);
        assertThat(custody.op()).isEqualTo(BulkEntry.Op.CREATE);
        assertThat(custody.index()).isEqualTo("evidence");
        assertThat(custody.id()).isEqualTo(SHA + ":captured");
        JsonNode event = JSON.readTree(custody.document());
        assertThat(event.path("event").asText()).isEqualTo("captured");
        assertThat(event.path("actor").asText()).isEqualTo("job");
        assertThat(event.path("post").asText()).isEqualTo("x:17");
        assertThat(event.path("incident").asText()).isEqualTo("inc-1");
        assertThat(event.path("size").asLong()).isEqualTo(1234);
    }

    @Test
    void aPostReachingStoredBytesIsLinkedUnderItsOwnIdSoEachPostCountsOnce() throws Exception {
        List<BulkEntry> a = documents(evidence("18", false));
        List<BulkEntry> b = documents(evidence("19", false));
        assertThat(a.get(1).id()).isEqualTo(SHA + ":linked:x:18");
        assertThat(b.get(1).id()).isEqualTo(SHA + ":linked:x:19");
        assertThat(JSON.readTree(a.get(1).document()).path("event").asText()).isEqualTo("linked");
        // A replay makes the same ids again: created once, never a second event.
        assertThat(documents(evidence("18", false)).get(1).id()).isEqualTo(a.get(1).id());
    }
}
