package org.nigrani.jobs.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.nigrani.elastic.schema.Indices;

/**
 * The flagged posts whose {@code nigrani.evidence} items point at stored hashes, and the marking of those items as
 * removed. Marking is a read-modify-write of the post's array, conditional on the version read
 * ({@code if_seq_no}/{@code if_primary_term}) and retried on conflict: this Elasticsearch has no scripts, and the
 * job may be writing the same post.
 */
final class LinkedPosts {

    static final String REMOVED = "removed";
    private static final int MARK_ATTEMPTS = 5;

    /** A flagged post's document: where it is, its incident (null when none) and its evidence items. */
    record Post(String index, String id, String incident, JsonNode evidence) {

        boolean links(String sha256) {
            for (JsonNode item : items(evidence)) {
                if (sha256.equals(item.path("sha256").asText(null))) {
                    return true;
                }
            }
            return false;
        }

        /** Whether one of the post's items of {@code sha256} is not marked removed yet. */
        boolean unmarked(String sha256) {
            for (JsonNode item : items(evidence)) {
                if (sha256.equals(item.path("sha256").asText(null)) && !REMOVED.equals(item.path("status").asText())) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the post holds {@code sha256} as captured, fetched after {@code at}: a capture after a removal. */
        boolean capturedAfter(String sha256, Instant at) {
            for (JsonNode item : items(evidence)) {
                if (sha256.equals(item.path("sha256").asText(null)) && "captured".equals(item.path("status").asText())
                        && fetchedAfter(item, at)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final ElasticCalls es;
    private final int page;

    LinkedPosts(ElasticCalls es, int page) {
        this.es = es;
        this.page = page;
    }

    /** Makes what the job and the last run wrote searchable, so no recent link is missed. */
    void refresh() throws IOException {
        es.call("POST", "/" + Indices.FLAGGED_POSTS + "," + Indices.EVIDENCE
                + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    }

    /**
     * Every flagged post with an evidence item of one of {@code sha256s}, paged through a point in time (a re-share
     * storm links one video from thousands of posts).
     */
    List<Post> linking(Collection<String> sha256s) throws IOException {
        List<Post> out = new ArrayList<>();
        if (sha256s.isEmpty()) {
            return out;
        }
        JsonNode pit = es.callOrNull("POST", "/" + Indices.FLAGGED_POSTS + "/_pit?keep_alive=1m", null);
        if (pit == null) {
            return out; // no flagged posts at all
        }
        String pitId = pit.path("id").asText();
        try {
            JsonNode after = null;
            while (true) {
                ObjectNode body = ElasticCalls.JSON.createObjectNode();
                body.put("size", page);
                ArrayNode terms = body.putObject("query").putObject("terms").putArray("nigrani.evidence.sha256");
                sha256s.forEach(terms::add);
                body.putObject("pit").put("id", pitId).put("keep_alive", "1m");
                body.putArray("sort").addObject().put("_shard_doc", "asc");
                body.putArray("_source").add("nigrani.incident.id").add("nigrani.evidence");
                if (after != null) {
                    body.set("search_after", after);
                }
                JsonNode response = es.call("POST", "/_search", body);
                pitId = response.path("pit_id").asText(pitId);
                JsonNode hits = response.path("hits").path("hits");
                for (JsonNode hit : hits) {
                    JsonNode n = hit.path("_source").path("nigrani");
                    out.add(new Post(hit.path("_index").asText(), hit.path("_id").asText(),
                            n.path("incident").path("id").asText(null), n.path("evidence")));
                }
                if (hits.size() < page) {
                    return out;
                }
                after = hits.get(hits.size() - 1).path("sort");
            }
        } finally {
            try {
                es.callOrNull("DELETE", "/_pit", ElasticCalls.JSON.createObjectNode().put("id", pitId));
            } catch (IOException e) {
                // It expires after its keep-alive anyway; the search's own failure, if any, is the one to report.
            }
        }
    }

    /**
     * Sets status {@code removed} and {@code reason} on the post's items of {@code sha256}, except those fetched after
     * {@code upTo} (a later capture of the same bytes is not what was removed).
     *
     * @return how many items were changed; 0 when the post is gone or already marked
     */
    int markRemoved(Post post, String sha256, String reason, Instant upTo) throws IOException {
        String doc = "/" + ElasticCalls.encode(post.index()) + "/_doc/" + ElasticCalls.encode(post.id());
        for (int attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
            JsonNode read = es.callOrNull("GET", doc + "?_source_includes=nigrani.evidence", null);
            if (read == null || !read.path("found").asBoolean()) {
                return 0;
            }
            ArrayNode items = ElasticCalls.JSON.createArrayNode();
            int changed = 0;
            for (JsonNode item : items(read.path("_source").path("nigrani").path("evidence"))) {
                ObjectNode copy = item.deepCopy();
                if (sha256.equals(item.path("sha256").asText(null)) && !REMOVED.equals(item.path("status").asText())
                        && !fetchedAfter(item, upTo)) {
                    copy.put("status", REMOVED);
                    copy.put("reason", reason);
                    changed++;
                }
                items.add(copy);
            }
            if (changed == 0) {
                return 0;
            }
            ObjectNode update = ElasticCalls.JSON.createObjectNode();
            // A partial document merges objects but replaces arrays: the whole evidence array goes back.
            update.putObject("doc").putObject("nigrani").set("evidence", items);
            try {
                es.call("POST", "/" + ElasticCalls.encode(post.index()) + "/_update/" + ElasticCalls.encode(post.id())
                        + "?if_seq_no=" + read.path("_seq_no").asLong() + "&if_primary_term="
                        + read.path("_primary_term").asLong(), update);
                return changed;
            } catch (ElasticCalls.Conflict e) {
                // written by someone else since our read: read again
            }
        }
        throw new IOException("post " + post.id() + " kept changing while its evidence was marked removed ("
                + MARK_ATTEMPTS + " attempts)");
    }

    /** The items of a {@code nigrani.evidence} value, which a single item may hold as an object. */
    private static List<JsonNode> items(JsonNode evidence) {
        List<JsonNode> out = new ArrayList<>();
        if (evidence.isArray()) {
            evidence.forEach(out::add);
        } else if (evidence.isObject()) {
            out.add(evidence);
        }
        return out;
    }

    private static boolean fetchedAfter(JsonNode item, Instant at) {
        String fetched = item.path("fetched_at").asText(null);
        if (fetched == null) {
            return false;
        }
        try {
            return Instant.parse(fetched).isAfter(at);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
