package org.nigrani.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/** Reads back what the job wrote, for assertions: refresh, count, search, mapping. */
public final class Elastic {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RestClient client;

    public Elastic(RestClient client) {
        this.client = client;
    }

    public JsonNode get(String path) {
        return call(new Request("GET", path));
    }

    /** The document count; 0 while the index does not exist yet, and a wait while its shard is still starting. */
    public long count(String index) {
        awaitShards(index);
        call(new Request("POST", "/" + index + "/_refresh?ignore_unavailable=true&allow_no_indices=true"));
        return call(new Request("GET", "/" + index + "/_count?ignore_unavailable=true&allow_no_indices=true")).path("count").asLong();
    }

    /** Every document's source (up to 10,000), after a refresh. */
    public List<JsonNode> all(String index) {
        awaitShards(index);
        call(new Request("POST", "/" + index + "/_refresh?ignore_unavailable=true&allow_no_indices=true"));
        Request search = new Request("POST", "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true");
        search.setEntity(new NStringEntity("{\"size\":10000,\"query\":{\"match_all\":{}}}", ContentType.APPLICATION_JSON));
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode hit : call(search).path("hits").path("hits")) {
            docs.add(hit);
        }
        return docs;
    }

    /**
     * Waits until the index's primary shards are active: an index the job has just created, or one recovering after a
     * restart, answers searches with 503 for a moment.
     */
    private void awaitShards(String index) {
        // a trailing wildcard makes a missing name resolve to nothing instead of a 404
        JsonNode resolved = call(new Request("GET", "/_resolve/index/" + index + "*"));
        if (resolved.path("indices").isEmpty() && resolved.path("aliases").isEmpty()) {
            return;
        }
        call(new Request("GET", "/_cluster/health/" + index + "?wait_for_status=yellow&timeout=30s"));
    }

    /**
     * Performs a request; a 503 (the job may create an index between our look and our query, and a new shard
     * answers 503 until it is active) is retried for up to ten seconds.
     */
    private JsonNode call(Request request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return JSON.readTree(EntityUtils.toString(client.performRequest(request).getEntity()));
            } catch (ResponseException e) {
                if (e.getResponse().getStatusLine().getStatusCode() != 503 || attempt == 50) {
                    throw new UncheckedIOException(request.getMethod() + " " + request.getEndpoint() + " failed", e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(request.getMethod() + " " + request.getEndpoint() + " failed", e);
            }
        }
    }
}
