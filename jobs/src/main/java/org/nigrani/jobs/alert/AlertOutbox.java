package org.nigrani.jobs.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;

/**
 * The durable outbox: one document per alert and channel in the {@code alerts} index, written before delivery is
 * tried and updated with every attempt. It is what makes delivery survive a restart (pending documents are picked
 * up again) and what the audit reads to learn who was told what, when.
 *
 * <p>The document id is {@code <alert id>:<channel>}: the same decision made again (after a restore) finds its
 * document, and a sent alert is not sent again.
 */
final class AlertOutbox {

    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A document waiting for delivery, as read back at start. */
    record Waiting(String docId, String channel, byte[] body, int attempts) {}

    private final RestClient client;

    AlertOutbox(RestClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    static String docId(Alert alert, String channel) {
        return alert.id() + ":" + channel;
    }

    /**
     * Writes {@code alert}'s document as pending; when it already exists, returns its status and attempts instead.
     *
     * @return null when created, else the existing document's {@code alert} object
     */
    JsonNode create(Alert alert, AlertChannel channel, byte[] body, Instant now) throws IOException {
        String id = docId(alert, channel.name());
        Request put = new Request("PUT", "/" + Indices.ALERTS + "/_create/" + encode(id));
        put.addParameter("refresh", "false");
        put.setEntity(new NByteArrayEntity(JSON.writeValueAsBytes(document(alert, channel, body, now)), ContentType.APPLICATION_JSON));
        try {
            client.performRequest(put);
            return null;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 409) {
                throw e;
            }
        }
        Request get = new Request("GET", "/" + Indices.ALERTS + "/_doc/" + encode(id));
        get.addParameter("_source_includes", "alert.status,alert.attempts");
        JsonNode doc = JSON.readTree(client.performRequest(get).getEntity().getContent());
        return doc.path("_source").path("alert");
    }

    /**
     * Records an attempt: sent (with its latency when known), failed for good, or still pending with the error.
     *
     * @param at when a failed attempt started, or when a sent message was taken by its channel
     */
    void attempted(String docId, String status, int attempts, String error, Instant at, long arrivedAt) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode a = doc.putObject("alert");
        a.put("status", status);
        a.put("attempts", attempts);
        a.put("last_attempt", at.toString());
        if (error == null) {
            a.putNull("last_error");
        } else {
            a.put("last_error", error.length() > 2000 ? error.substring(0, 2000) : error);
        }
        if (SENT.equals(status)) {
            a.put("sent_at", at.toString());
            if (arrivedAt > 0) {
                a.put("latency_ms", Math.max(0, at.toEpochMilli() - arrivedAt));
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("doc", doc);
        Request update = new Request("POST", "/" + Indices.ALERTS + "/_update/" + encode(docId));
        update.setEntity(new NByteArrayEntity(JSON.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
        client.performRequest(update);
    }

    /** The pending documents of {@code channels}, oldest first, at most {@code limit}. */
    List<Waiting> pending(List<String> channels, int limit) throws IOException {
        ObjectNode query = JSON.createObjectNode();
        ArrayNode filter = query.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("alert.status", PENDING);
        ArrayNode names = filter.addObject().putObject("terms").putArray("alert.channel");
        channels.forEach(names::add);
        query.putArray("sort").addObject().put("alert.created", "asc");
        query.put("size", limit);
        Request search = new Request("POST", "/" + Indices.ALERTS + "/_search");
        search.addParameter("ignore_unavailable", "true");
        search.setEntity(new NByteArrayEntity(JSON.writeValueAsBytes(query), ContentType.APPLICATION_JSON));
        Response response = client.performRequest(search);
        List<Waiting> out = new ArrayList<>();
        for (JsonNode hit : JSON.readTree(response.getEntity().getContent()).path("hits").path("hits")) {
            JsonNode a = hit.path("_source").path("alert");
            out.add(new Waiting(hit.path("_id").asText(), a.path("channel").asText(),
                    hit.path("_source").path("body").asText().getBytes(StandardCharsets.UTF_8), a.path("attempts").asInt()));
        }
        return out;
    }

    private static ObjectNode document(Alert alert, AlertChannel channel, byte[] body, Instant now) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("@timestamp", now.toString());
        ObjectNode a = doc.putObject("alert");
        a.put("id", alert.id());
        a.put("kind", alert.kind());
        a.put("channel", channel.name());
        a.put("sequence", alert.sequence());
        a.put("reason", alert.reason());
        a.put("subject", channel.subject(alert));
        a.put("status", PENDING);
        a.put("attempts", 0);
        a.put("created", now.toString());
        a.put("held", alert.held());
        if (alert.arrivedAt() > 0) {
            a.put("post_arrived_at", Instant.ofEpochMilli(alert.arrivedAt()).toString());
        }
        ObjectNode to = doc.putArray("recipients").addObject();
        to.put("name", alert.to().name());
        to.put("address", channel.name().equals("email") ? alert.to().email() : channel.name());
        to.put("station_id", alert.to().stationId());
        ArrayNode incidents = doc.putArray("incidents");
        for (Incident incident : alert.incidents()) {
            ObjectNode i = incidents.addObject();
            i.put("id", incident.state().id());
            i.put("version", incident.state().version());
            i.put("score", incident.priority().score());
            i.put("band", incident.priority().band());
            ArrayNode stations = i.putArray("stations");
            incident.state().stations().stream().map(Enrichment.StationRef::id).forEach(stations::add);
        }
        // MIME is 7-bit text and the webhook body UTF-8 JSON: both are stored as the text they are.
        doc.put("body", new String(body, StandardCharsets.UTF_8));
        return doc;
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
