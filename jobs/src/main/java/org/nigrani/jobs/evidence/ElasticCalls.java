package org.nigrani.jobs.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/** JSON requests over the low-level client, with the status codes retention treats as answers rather than errors. */
final class ElasticCalls {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown for a 409: a create that found its document, or a write whose version moved on. */
    static final class Conflict extends IOException {
        Conflict(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RestClient client;

    ElasticCalls(RestClient client) {
        this.client = client;
    }

    /** The response's body; a 409 as {@link Conflict}, other failures as thrown by the client. */
    JsonNode call(String method, String endpoint, JsonNode body) throws IOException {
        Request request = new Request(method, endpoint);
        if (body != null) {
            request.setEntity(new NByteArrayEntity(JSON.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
        }
        try {
            return JSON.readTree(client.performRequest(request).getEntity().getContent());
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 409) {
                throw new Conflict(method + " " + endpoint + ": version conflict", e);
            }
            throw e;
        }
    }

    /** As {@link #call}, but null for a 404 (an index or document that does not exist). */
    JsonNode callOrNull(String method, String endpoint, JsonNode body) throws IOException {
        try {
            return call(method, endpoint, body);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** A document id or index name as one path segment. */
    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
