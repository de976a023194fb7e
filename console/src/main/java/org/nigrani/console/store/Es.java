package org.nigrani.console.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * The console's one way to Elasticsearch: JSON in, JSON out, through the low-level client. Queries are built as
 * JSON trees (Jackson), never by pasting user input into a string; document ids are URL-encoded.
 */
public final class Es {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** Someone else changed the document since it was read (409 on {@code if_seq_no}). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** How soon a write must be visible to searches. */
    public enum Refresh { NONE, WAIT_FOR }

    private static final int SCAN_PAGE = 1000;
    private static final String SCAN_KEEP_ALIVE = "1m";

    private final RestClient client;

    public Es(RestClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public RestClient client() {
        return client;
    }

    /** The whole GET response ({@code _source}, {@code _seq_no}, {@code _primary_term}), or null when absent. */
    public JsonNode get(String index, String id) {
        try {
            return call(new Request("GET", "/" + index + "/_doc/" + encode(id)));
        } catch (NotFound e) {
            return null;
        }
    }

    /** A search response; an index that does not exist yet searches as empty. */
    public JsonNode search(String index, ObjectNode body) {
        Request r = new Request("POST", "/" + index + "/_search");
        r.addParameter("ignore_unavailable", "true");
        r.addParameter("allow_no_indices", "true");
        r.setEntity(entity(body));
        return call(r);
    }

    /**
     * Every hit of {@code body} (a query and a {@code sort} array) in that order, a page at a time through a point in
     * time, so paging neither skips nor repeats a hit however many there are; an index that does not exist has none.
     */
    public void scan(String index, ObjectNode body, Consumer<JsonNode> each) {
        Request open = new Request("POST", "/" + index + "/_pit");
        open.addParameter("keep_alive", SCAN_KEEP_ALIVE);
        String pit;
        try {
            pit = call(open).path("id").asText();
        } catch (NotFound e) {
            return;
        }
        try {
            JsonNode after = null;
            while (true) {
                ObjectNode q = body.deepCopy();
                q.put("size", SCAN_PAGE);
                q.putObject("pit").put("id", pit).put("keep_alive", SCAN_KEEP_ALIVE);
                q.withArray("sort").addObject().put("_shard_doc", "asc"); // the tie-break that makes search_after exact
                if (after != null) {
                    q.set("search_after", after);
                }
                Request r = new Request("POST", "/_search");
                r.setEntity(entity(q));
                JsonNode response = call(r);
                pit = response.path("pit_id").asText(pit);
                JsonNode hits = response.path("hits").path("hits");
                hits.forEach(each);
                if (hits.size() < SCAN_PAGE) {
                    return;
                }
                after = hits.get(hits.size() - 1).path("sort");
            }
        } finally {
            Request close = new Request("DELETE", "/_pit");
            close.setEntity(entity(JSON.createObjectNode().put("id", pit)));
            try {
                call(close);
            } catch (RuntimeException e) {
                // It expires by itself after SCAN_KEEP_ALIVE; a failed close must not hide what the scan did.
            }
        }
    }

    /** Creates a document with this id; false when one already exists. */
    public boolean create(String index, String id, ObjectNode doc, Refresh refresh) {
        Request r = new Request("PUT", "/" + index + "/_create/" + encode(id));
        refresh(r, refresh);
        r.setEntity(entity(doc));
        try {
            call(r);
            return true;
        } catch (ConflictStatus e) {
            return false;
        }
    }

    /** Appends a document with an id Elasticsearch chooses (op_type create: it can never overwrite). */
    public String append(String index, ObjectNode doc, Refresh refresh) {
        Request r = new Request("POST", "/" + index + "/_doc");
        r.addParameter("op_type", "create");
        refresh(r, refresh);
        r.setEntity(entity(doc));
        return call(r).path("_id").asText();
    }

    /** Writes a whole document under an id, replacing what was there. */
    public void put(String index, String id, ObjectNode doc, Refresh refresh) {
        Request r = new Request("PUT", "/" + index + "/_doc/" + encode(id));
        refresh(r, refresh);
        r.setEntity(entity(doc));
        call(r);
    }

    /**
     * Writes a whole document only if it is still the version read ({@code seqNo}/{@code primaryTerm}); null ones
     * mean it must not exist yet. Throws {@link Conflict} otherwise.
     */
    public JsonNode putIfUnchanged(String index, String id, ObjectNode doc, Long seqNo, Long primaryTerm, Refresh refresh) {
        Request r = new Request("PUT", "/" + index + "/_doc/" + encode(id));
        if (seqNo == null) {
            r.addParameter("op_type", "create");
        } else {
            r.addParameter("if_seq_no", Long.toString(seqNo));
            r.addParameter("if_primary_term", Long.toString(primaryTerm));
        }
        refresh(r, refresh);
        r.setEntity(entity(doc));
        try {
            return call(r);
        } catch (ConflictStatus e) {
            throw new Conflict("changed by someone else since it was read");
        }
    }

    /** Merges {@code partial} into an existing document. */
    public void update(String index, String id, ObjectNode partial, Refresh refresh) {
        Request r = new Request("POST", "/" + index + "/_update/" + encode(id));
        r.addParameter("retry_on_conflict", "3");
        refresh(r, refresh);
        ObjectNode body = JSON.createObjectNode();
        body.set("doc", partial);
        r.setEntity(entity(body));
        call(r);
    }

    /** Makes what was written searchable now (for pages that list what was just done). */
    public void refresh(String index) {
        Request r = new Request("POST", "/" + index + "/_refresh");
        r.addParameter("ignore_unavailable", "true");
        r.addParameter("allow_no_indices", "true");
        call(r);
    }

    private static void refresh(Request r, Refresh refresh) {
        if (refresh == Refresh.WAIT_FOR) {
            r.addParameter("refresh", "wait_for");
        }
    }

    private static NByteArrayEntity entity(JsonNode body) {
        try {
            return new NByteArrayEntity(JSON.writeValueAsBytes(body), ContentType.APPLICATION_JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(Request r) {
        try {
            return JSON.readTree(client.performRequest(r).getEntity().getContent());
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status == 404) {
                throw new NotFound();
            }
            if (status == 409) {
                throw new ConflictStatus();
            }
            throw new UncheckedIOException("Elasticsearch answered " + status + " to " + r.getMethod() + " "
                    + r.getEndpoint(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch is not reachable (" + r.getMethod() + " " + r.getEndpoint() + ")", e);
        }
    }

    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }

    private static final class ConflictStatus extends RuntimeException {
        ConflictStatus() {
            super(null, null, false, false);
        }
    }
}
