package org.nigrani.jobs.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.evidence.RetentionFixtures.CLOCK;
import static org.nigrani.jobs.evidence.RetentionFixtures.EXPIRED_RULE;
import static org.nigrani.jobs.evidence.RetentionFixtures.NOW;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.evidence.EvidenceStore;
import org.nigrani.evidence.RetentionPolicy;
import org.nigrani.evidence.StoredItem;

/** Retention against the real Elasticsearch and a local store: what goes, what stays, tombstones and reruns. */
@ExtendWith(SharedElasticsearch.class)
class RetentionITCase {

    @TempDir
    Path dir;

    RetentionFixtures w;

    @BeforeEach
    void world() throws IOException {
        w = new RetentionFixtures(dir);
    }

    private Retention retention(EvidenceStore store) {
        return new Retention(w.client, store, RetentionPolicy.DEFAULT, CLOCK);
    }

    @Test
    void removesTheItemEveryIncidentLetsGoLeavingATombstoneAndMarkedPosts() throws IOException {
        List<JsonNode> logBefore = w.custodyLog();
        long size = w.store.describe(w.expired).orElseThrow().size();

        Retention.Summary s = retention(w.store).sweep(false);

        assertThat(s.errors()).isEmpty();
        assertThat(s.checked()).isEqualTo(5);
        assertThat(s.removed()).containsExactly(new Retention.Removal(w.expired, size, EXPIRED_RULE, "i-old", 2));
        assertThat(s.kept()).isEqualTo(4);
        assertThat(s.unlinked()).as("the orphan").isEqualTo(1);
        assertThat(s.bytesFreed()).isEqualTo(size);

        assertThat(w.store.exists(w.expired)).isFalse();
        assertThat(w.store.token(w.expired)).isEmpty();
        assertThat(w.store.describe(w.expired)).isEmpty();
        for (String kept : List.of(w.shared, w.recent, w.closed, w.orphan)) {
            assertThat(w.store.exists(kept)).isTrue();
            assertThat(w.store.token(kept)).isPresent();
        }

        JsonNode tombstone = w.doc(Indices.EVIDENCE, w.expired + ":removed").path("_source");
        assertThat(tombstone.path("event").asText()).isEqualTo("removed");
        assertThat(tombstone.path("actor").asText()).isEqualTo("retention");
        assertThat(tombstone.path("detail").asText()).isEqualTo(EXPIRED_RULE);
        assertThat(tombstone.path("incident").asText()).isEqualTo("i-old");
        assertThat(tombstone.path("size").asLong()).isEqualTo(size);
        assertThat(tombstone.path("@timestamp").asText()).isEqualTo(NOW.toString());

        List<JsonNode> logAfter = w.custodyLog();
        assertThat(logAfter).hasSize(logBefore.size() + 1);
        assertThat(logAfter).as("earlier events untouched: append-only").containsAll(logBefore);

        for (String post : List.of("x:1", "x:2")) {
            JsonNode item = itemOf(post, w.expired);
            assertThat(item.path("status").asText()).as(post).isEqualTo("removed");
            assertThat(item.path("reason").asText()).isEqualTo("retention: " + EXPIRED_RULE);
            assertThat(item.path("sha256").asText()).as("the hash stays, naming what was removed").isEqualTo(w.expired);
        }
        assertThat(itemOf("x:1", w.recent).path("status").asText()).as("another item of the same post").isEqualTo("captured");
        assertThat(itemOf("x:1", w.recent).path("reason").isNull()).isTrue();
        assertThat(w.evidenceOf("x:1")).anyMatch(e -> e.path("status").asText().equals("refused"));
        for (String post : List.of("x:3", "x:4", "x:5", "x:6")) {
            assertThat(w.evidenceOf(post)).as(post).noneMatch(e -> e.path("status").asText().equals("removed"));
        }
    }

    @Test
    void aRerunRemovesNothingNewAndWritesNoSecondTombstone() throws IOException {
        retention(w.store).sweep(false);
        List<JsonNode> log = w.custodyLog();
        List<JsonNode> posts = w.posts();
        long tombstoneSeqNo = w.doc(Indices.EVIDENCE, w.expired + ":removed").path("_seq_no").asLong();

        Retention.Summary again = retention(w.store).sweep(false);

        assertThat(again.errors()).isEmpty();
        assertThat(again.removed()).isEmpty();
        assertThat(again.alreadyRemoved()).isEqualTo(1);
        assertThat(again.completed()).isZero();
        assertThat(again.bytesFreed()).isZero();
        assertThat(w.custodyLog()).isEqualTo(log);
        assertThat(w.posts()).isEqualTo(posts);
        assertThat(w.doc(Indices.EVIDENCE, w.expired + ":removed").path("_seq_no").asLong()).isEqualTo(tombstoneSeqNo);
    }

    @Test
    void aDryRunReportsTheRemovalButChangesNothing() throws IOException {
        List<JsonNode> log = w.custodyLog();
        List<JsonNode> posts = w.posts();
        long size = w.store.describe(w.expired).orElseThrow().size();

        Retention.Summary s = retention(w.store).sweep(true);

        assertThat(s.dryRun()).isTrue();
        assertThat(s.removed()).containsExactly(new Retention.Removal(w.expired, size, EXPIRED_RULE, "i-old", 2));
        assertThat(s.bytesFreed()).isEqualTo(size);
        assertThat(w.store.exists(w.expired)).isTrue();
        assertThat(w.store.token(w.expired)).isPresent();
        assertThat(w.doc(Indices.EVIDENCE, w.expired + ":removed")).isNull();
        assertThat(w.custodyLog()).isEqualTo(log);
        assertThat(w.posts()).isEqualTo(posts);
    }

    @Test
    void aRemovalThatFailsAfterItsTombstoneIsCompletedByTheNextRun() throws IOException {
        EvidenceStore failing = new FailingDelete(w.store);

        Retention.Summary broken = retention(failing).sweep(false);

        assertThat(broken.removed()).isEmpty();
        assertThat(broken.errors()).singleElement().satisfies(f -> {
            assertThat(f.sha256()).isEqualTo(w.expired);
            assertThat(f.reason()).contains("disk on fire");
        });
        assertThat(w.doc(Indices.EVIDENCE, w.expired + ":removed")).as("the tombstone comes first").isNotNull();
        assertThat(w.store.exists(w.expired)).isTrue();
        assertThat(itemOf("x:1", w.expired).path("status").asText()).as("not marked before the bytes are gone")
                .isEqualTo("captured");

        Retention.Summary next = retention(w.store).sweep(false);

        assertThat(next.errors()).isEmpty();
        assertThat(next.removed()).isEmpty();
        assertThat(next.alreadyRemoved()).isEqualTo(1);
        assertThat(next.completed()).isEqualTo(1);
        assertThat(next.bytesFreed()).isPositive();
        assertThat(w.store.exists(w.expired)).isFalse();
        assertThat(itemOf("x:2", w.expired).path("reason").asText()).isEqualTo("retention: " + EXPIRED_RULE);
        assertThat(w.custodyLog().stream().filter(e -> e.path("_source").path("event").asText().equals("removed")))
                .hasSize(1);
    }

    @Test
    void bytesCapturedAgainAfterARemovalAreLeftAlone() throws IOException {
        retention(w.store).sweep(false);
        // A new post shares the removed video: the job stores it again and records it on the new post.
        w.call("PUT", "/" + Indices.flaggedPostsIndexFor(NOW) + "/_doc/x:9", RetentionFixtures.JSON.readTree("""
                {"nigrani": {"platform": "x", "post_id": "9", "incident": {"id": "i-new"},
                  "evidence": [{"kind": "video", "status": "captured", "sha256": "%s", "fetched_at": "%s"}]}}
                """.formatted(w.expired, NOW.plusSeconds(60))));
        assertThat(w.stored(dir, RetentionFixtures.EXPIRED_CONTENT)).isEqualTo(w.expired);

        Retention.Summary s = retention(w.store).sweep(false);

        assertThat(s.errors()).isEmpty();
        assertThat(s.completed()).isZero();
        assertThat(w.store.exists(w.expired)).isTrue();
        assertThat(itemOf("x:9", w.expired).path("status").asText()).isEqualTo("captured");
    }

    @Test
    void smallPagesFindWhatOnePageFinds() throws IOException {
        long size = w.store.describe(w.expired).orElseThrow().size();

        Retention.Summary s = new Retention(w.client, w.store, RetentionPolicy.DEFAULT, CLOCK, 2).sweep(false);

        assertThat(s.errors()).isEmpty();
        assertThat(s.checked()).isEqualTo(5);
        assertThat(s.removed()).containsExactly(new Retention.Removal(w.expired, size, EXPIRED_RULE, "i-old", 2));
        assertThat(s.kept()).isEqualTo(4);
        assertThat(itemOf("x:2", w.expired).path("status").asText()).isEqualTo("removed");
    }

    @Test
    void anIncidentThatCannotBeFoundKeepsItsEvidence() throws IOException {
        w.call("DELETE", "/" + Indices.TRIAGE + "/_doc/i-old?refresh=true", null);
        w.call("DELETE", "/" + Indices.INCIDENTS + "/_doc/i-old?refresh=true", null);

        Retention.Summary s = retention(w.store).sweep(false);

        assertThat(s.errors()).isEmpty();
        assertThat(s.removed()).isEmpty();
        assertThat(s.kept()).isEqualTo(5);
        assertThat(w.store.exists(w.expired)).isTrue();
        assertThat(w.doc(Indices.EVIDENCE, w.expired + ":removed")).isNull();
    }

    private JsonNode itemOf(String post, String sha) throws IOException {
        return w.evidenceOf(post).stream().filter(e -> sha.equals(e.path("sha256").asText(null))).findFirst().orElseThrow();
    }

    /** A store whose delete fails, as a full or broken disk would. */
    private record FailingDelete(EvidenceStore inner) implements EvidenceStore {
        @Override
        public StoredItem put(Path file, String sha256, String contentType) throws IOException {
            return inner.put(file, sha256, contentType);
        }

        @Override
        public boolean exists(String sha256) {
            return inner.exists(sha256);
        }

        @Override
        public InputStream open(String sha256) throws IOException {
            return inner.open(sha256);
        }

        @Override
        public Optional<StoredItem> describe(String sha256) throws IOException {
            return inner.describe(sha256);
        }

        @Override
        public void putToken(String sha256, byte[] token) throws IOException {
            inner.putToken(sha256, token);
        }

        @Override
        public Optional<byte[]> token(String sha256) throws IOException {
            return inner.token(sha256);
        }

        @Override
        public boolean delete(String sha256) throws IOException {
            throw new IOException("disk on fire");
        }
    }
}
