package org.nigrani.jobs.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nigrani.elastic.schema.Indices;

/**
 * The custody index ({@code evidence}) as retention reads and writes it: the items captured, their tombstones, and a
 * new tombstone. Only ever creates documents: the log is append-only.
 */
final class CustodyLog {

    static final String ACTOR = "retention";

    /** A stored item as its {@code captured} event describes it. */
    record Captured(String sha256, long size) {}

    /** One page of distinct captured items; {@code after} is null on the last page. */
    record Page(List<Captured> items, JsonNode after) {}

    /** A {@code removed} event: when, and the rule it names. */
    record Tombstone(Instant at, String detail) {}

    private final ElasticCalls es;

    CustodyLog(ElasticCalls es) {
        this.es = es;
    }

    static String tombstoneId(String sha256) {
        return sha256 + ":removed";
    }

    /**
     * The next page of distinct SHA-256s with a {@code captured} event, in hash order, by a composite aggregation
     * (there can be more than one search page holds).
     *
     * @param after the previous page's {@link Page#after()}, or null for the first page
     */
    Page captured(JsonNode after, int size) throws IOException {
        ObjectNode body = ElasticCalls.JSON.createObjectNode();
        body.put("size", 0);
        body.putObject("query").putObject("term").put("event", "captured");
        ObjectNode composite = body.putObject("aggs").putObject("items").putObject("composite");
        composite.put("size", size);
        composite.putArray("sources").addObject().putObject("sha256").putObject("terms").put("field", "sha256");
        if (after != null) {
            composite.set("after", after);
        }
        ((ObjectNode) body.get("aggs").get("items")).putObject("aggs").putObject("size").putObject("max").put("field", "size");
        JsonNode response = es.call("POST", "/" + Indices.EVIDENCE + "/_search?ignore_unavailable=true&allow_no_indices=true",
                body);
        JsonNode items = response.path("aggregations").path("items");
        List<Captured> out = new ArrayList<>();
        for (JsonNode bucket : items.path("buckets")) {
            out.add(new Captured(bucket.path("key").path("sha256").asText(), bucket.path("size").path("value").asLong(0)));
        }
        return new Page(out, out.isEmpty() || items.path("after_key").isMissingNode() ? null : items.path("after_key"));
    }

    /** The tombstones of those of {@code sha256s} that have one, read by id (real time, no refresh needed). */
    Map<String, Tombstone> tombstones(Collection<String> sha256s) throws IOException {
        Map<String, Tombstone> out = new HashMap<>();
        if (sha256s.isEmpty()) {
            return out;
        }
        ObjectNode body = ElasticCalls.JSON.createObjectNode();
        ArrayNode ids = body.putArray("ids");
        sha256s.forEach(s -> ids.add(tombstoneId(s)));
        JsonNode response = es.callOrNull("POST", "/" + Indices.EVIDENCE + "/_mget", body);
        if (response == null) {
            return out;
        }
        for (JsonNode doc : response.path("docs")) {
            if (doc.has("error")) {
                throw new IOException("cannot read tombstone " + doc.path("_id").asText() + ": " + doc.path("error"));
            }
            if (doc.path("found").asBoolean()) {
                JsonNode s = doc.path("_source");
                out.put(s.path("sha256").asText(), new Tombstone(Instant.parse(s.path("@timestamp").asText()),
                        s.path("detail").asText()));
            }
        }
        return out;
    }

    /**
     * Appends the {@code removed} event of an item, with op_type create and the id {@code <sha256>:removed}, so that a
     * rerun cannot write a second one.
     *
     * @return false when the item already had its tombstone
     */
    boolean writeTombstone(String sha256, Instant at, String incident, long size, String contentType, String detail)
            throws IOException {
        ObjectNode doc = ElasticCalls.JSON.createObjectNode();
        doc.put("@timestamp", at.toString());
        doc.put("sha256", sha256);
        doc.put("event", "removed");
        doc.put("actor", ACTOR);
        doc.put("incident", incident);
        doc.put("size", size);
        doc.put("content_type", contentType);
        doc.put("detail", detail);
        try {
            // Waits for the refresh: whoever reads the custody log next (the console, a case bundle) sees the removal.
            es.call("PUT", "/" + Indices.EVIDENCE + "/_create/" + ElasticCalls.encode(tombstoneId(sha256)) + "?refresh=wait_for",
                    doc);
            return true;
        } catch (ElasticCalls.Conflict e) {
            return false;
        }
    }
}
