package org.nigrani.jobs.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.elastic.testing.TestIndices;
import org.nigrani.evidence.LocalEvidenceStore;
import org.nigrani.evidence.Sha256;
import org.nigrani.jobs.Environments;
import org.nigrani.jobs.index.IndexSettings;

/**
 * A small world for retention tests, in the shared test Elasticsearch and a store in a temporary folder: incidents in
 * each triage state, flagged posts linking stored items, and the custody log's captured and linked events.
 *
 * <ul>
 *   <li>{@link #expired}: linked only by incident {@code i-old}, dismissed 40 days ago (a note 2 days ago moved its
 *       triage document's {@code updated}), through posts in two monthly indices: removed by the default policy</li>
 *   <li>{@link #shared}: linked by {@code i-old} and by {@code i-new} (new, no triage document): kept</li>
 *   <li>{@link #recent}: linked by {@code i-recent}, dismissed 5 days ago, and by a post of {@code i-old}: kept</li>
 *   <li>{@link #closed}: linked by {@code i-closed}, closed 10 days ago per the incident document alone: kept</li>
 *   <li>{@link #orphan}: captured, but no post links it any more: kept</li>
 * </ul>
 */
public final class RetentionFixtures {

    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final Instant DISMISSED_LONG_AGO = NOW.minus(Duration.ofDays(40));
    public static final String EXPIRED_RULE = "dismissed for more than 30d since 2026-01-20";
    public static final String EXPIRED_CONTENT = "the video of a dismissed incident";
    static final ObjectMapper JSON = new ObjectMapper();

    public final RestClient client;
    public final LocalEvidenceStore store;
    public final String expired;
    public final String shared;
    public final String recent;
    public final String closed;
    public final String orphan;

    public RetentionFixtures(Path dir) throws IOException {
        client = SharedElasticsearch.restClient();
        TestIndices.deleteAll(client);
        Environments.installSchema(ElasticConnection.local(SharedElasticsearch.url()), IndexSettings.DEFAULTS);
        store = new LocalEvidenceStore(dir.resolve("store"));
        expired = stored(dir, EXPIRED_CONTENT);
        shared = stored(dir, "a video two incidents share");
        recent = stored(dir, "a video dismissed only days ago");
        closed = stored(dir, "a video of a closed case");
        orphan = stored(dir, "an item whose posts are gone");

        triage("i-old", "dismissed", NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(50)), DISMISSED_LONG_AGO);
        incident("i-old", "dismissed", NOW.minus(Duration.ofDays(2)));
        incident("i-new", "new", null);
        triage("i-recent", "dismissed", NOW.minus(Duration.ofDays(5)), NOW.minus(Duration.ofDays(6)), NOW.minus(Duration.ofDays(5)));
        incident("i-recent", "dismissed", NOW.minus(Duration.ofDays(5)));
        incident("i-closed", "closed", NOW.minus(Duration.ofDays(10)));

        post("2026.01", "x:1", "i-old", expired, recent);
        post("2026.02", "x:2", "i-old", expired);
        post("2026.01", "x:3", "i-old", shared);
        post("2026.02", "x:4", "i-new", shared);
        post("2026.02", "x:5", "i-recent", recent);
        post("2026.02", "x:6", "i-closed", closed);

        for (String sha : List.of(expired, shared, recent, closed, orphan)) {
            custody(sha + ":captured", event(sha, "captured", "x:1"));
        }
        custody(expired + ":linked:x:2", event(expired, "linked", "x:2"));
        call("POST", "/_refresh", null);
    }

    /** Stores some bytes and a token for them; their SHA-256. */
    public String stored(Path dir, String content) throws IOException {
        Path file = dir.resolve("upload");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        String sha;
        try (InputStream in = Files.newInputStream(file)) {
            sha = Sha256.hex(in);
        }
        store.put(file, sha, "video/mp4");
        store.putToken(sha, ("token of " + content).getBytes(StandardCharsets.UTF_8));
        Files.delete(file);
        return sha;
    }

    private void triage(String incident, String status, Instant updated, Instant reviewAt, Instant statusAt) throws IOException {
        ObjectNode d = JSON.createObjectNode().put("incident_id", incident).put("status", status)
                .put("updated", updated.toString()).put("updated_by", "sana");
        d.putArray("notes").addObject().put("by", "sana").put("at", updated.toString()).put("text", "a late note");
        ArrayNode h = d.putArray("history");
        h.addObject().put("by", "sana").put("at", reviewAt.toString()).put("field", "status").put("before", "new")
                .put("after", "in_review");
        h.addObject().put("by", "sana").put("at", statusAt.toString()).put("field", "status").put("before", "in_review")
                .put("after", status);
        call("PUT", "/" + Indices.TRIAGE + "/_doc/" + incident, d);
    }

    private void incident(String id, String status, Instant triageUpdated) throws IOException {
        ObjectNode d = JSON.createObjectNode().put("@timestamp", NOW.minus(Duration.ofDays(60)).toString());
        d.putObject("event").put("created", NOW.minus(Duration.ofDays(1)).toString());
        ObjectNode n = d.putObject("nigrani");
        n.putObject("incident").put("id", id);
        ObjectNode t = n.putObject("triage").put("status", status);
        if (triageUpdated != null) {
            t.put("updated", triageUpdated.toString());
        }
        call("PUT", "/" + Indices.INCIDENTS + "/_doc/" + id, d);
    }

    private void post(String month, String id, String incident, String... hashes) throws IOException {
        ObjectNode d = JSON.createObjectNode().put("@timestamp", NOW.minus(Duration.ofDays(45)).toString());
        ObjectNode n = d.putObject("nigrani").put("platform", "x").put("post_id", id.substring(2));
        n.putObject("incident").put("id", incident);
        ArrayNode evidence = n.putArray("evidence");
        for (String sha : hashes) {
            ObjectNode e = evidence.addObject().put("kind", "video").put("source_url", "https://video.twimg.com/" + sha)
                    .put("status", "captured").putNull("reason").put("sha256", sha).put("size", 30)
                    .put("content_type", "video/mp4").put("fetched_at", NOW.minus(Duration.ofDays(45)).toString());
            e.putObject("timestamp").put("status", "off");
        }
        evidence.addObject().put("kind", "image").put("source_url", "https://pbs.twimg.com/" + id).put("status", "refused")
                .put("reason", "host pbs.twimg.com not allowed");
        call("PUT", "/" + Indices.flaggedPostsIndexFor(Instant.parse(month.replace('.', '-') + "-15T00:00:00Z"))
                + "/_doc/" + id, d);
    }

    private static ObjectNode event(String sha, String event, String post) {
        ObjectNode d = JSON.createObjectNode().put("@timestamp", NOW.minus(Duration.ofDays(45)).toString()).put("sha256", sha)
                .put("event", event).put("actor", "job").put("post", post).put("kind", "video").put("size", 30);
        d.putObject("timestamp").put("status", "off");
        return d;
    }

    private void custody(String id, ObjectNode doc) throws IOException {
        call("PUT", "/" + Indices.EVIDENCE + "/_create/" + id, doc);
    }

    /** A document by index and id, with {@code _seq_no} and {@code _source}; null when absent. */
    public JsonNode doc(String index, String id) throws IOException {
        try {
            return call("GET", "/" + index + "/_doc/" + ElasticCalls.encode(id), null);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** A flagged post's evidence items, read from whichever monthly index holds it. */
    public List<JsonNode> evidenceOf(String postId) throws IOException {
        JsonNode hits = search(Indices.FLAGGED_POSTS, JSON.createObjectNode().set("query",
                JSON.createObjectNode().set("ids", JSON.createObjectNode().set("values", JSON.createArrayNode().add(postId)))));
        List<JsonNode> out = new ArrayList<>();
        hits.get(0).path("_source").path("nigrani").path("evidence").forEach(out::add);
        return out;
    }

    /** Every custody event, by id, after a refresh. */
    public List<JsonNode> custodyLog() throws IOException {
        return hitsOf(search(Indices.EVIDENCE, JSON.createObjectNode().put("size", 1000)
                .set("sort", JSON.createArrayNode().add("sha256").add("event"))));
    }

    /** Every flagged post document (source with its id), after a refresh. */
    public List<JsonNode> posts() throws IOException {
        return hitsOf(search(Indices.FLAGGED_POSTS, JSON.createObjectNode().put("size", 1000)
                .set("sort", JSON.createArrayNode().add("nigrani.post_id"))));
    }

    private static List<JsonNode> hitsOf(JsonNode hits) {
        List<JsonNode> out = new ArrayList<>();
        hits.forEach(h -> out.add(JSON.createObjectNode().put("_id", h.path("_id").asText()).set("_source", h.path("_source"))));
        return out;
    }

    private JsonNode search(String index, JsonNode body) throws IOException {
        call("POST", "/" + index + "/_refresh", null);
        return call("POST", "/" + index + "/_search", body).path("hits").path("hits");
    }

    JsonNode call(String method, String endpoint, JsonNode body) throws IOException {
        Request request = new Request(method, endpoint);
        if (body != null) {
            request.setJsonEntity(JSON.writeValueAsString(body));
        }
        return JSON.readTree(EntityUtils.toString(client.performRequest(request).getEntity()));
    }
}
