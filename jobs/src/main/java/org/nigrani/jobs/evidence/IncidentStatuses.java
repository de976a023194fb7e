package org.nigrani.jobs.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.evidence.RetentionPolicy.Link;

/**
 * The triage status of incidents and since when they have it, as retention needs them: from the {@code triage} index
 * (the console's record, with the history of every change), else from the incident document's mirrored
 * {@code nigrani.triage} fields, else status {@code new} since the incident's last update. Read by id, in real time.
 */
final class IncidentStatuses {

    private final ElasticCalls es;

    IncidentStatuses(ElasticCalls es) {
        this.es = es;
    }

    /** Each incident's link; one not found anywhere has neither status nor time, which keeps its evidence. */
    Map<String, Link> of(Collection<String> incidentIds) throws IOException {
        Map<String, Link> out = new HashMap<>();
        if (incidentIds.isEmpty()) {
            return out;
        }
        Map<String, JsonNode> triage = sources(Indices.TRIAGE, incidentIds);
        Map<String, JsonNode> incidents = sources(Indices.INCIDENTS, incidentIds);
        for (String id : incidentIds) {
            out.put(id, link(id, triage.get(id), incidents.get(id)));
        }
        return out;
    }

    /**
     * One incident's status and its time.
     *
     * @param triage the {@code triage} document's source, or null
     * @param incident the incident document's source, or null
     */
    static Link link(String id, JsonNode triage, JsonNode incident) {
        if (triage != null) {
            String status = triage.path("status").asText(null);
            return new Link(id, status, statusSince(triage, status));
        }
        if (incident != null) {
            JsonNode mirrored = incident.path("nigrani").path("triage");
            String status = mirrored.path("status").asText("new");
            Instant since = instant(mirrored.path("updated"));
            if (since == null) {
                // The job's last rewrite: later than the status change, so the item is if anything kept longer.
                since = first(instant(incident.path("event").path("created")),
                        instant(incident.path("nigrani").path("incident").path("as_of")),
                        instant(incident.path("nigrani").path("incident").path("last_seen")));
            }
            return new Link(id, status, since);
        }
        return new Link(id, null, null);
    }

    /**
     * When the triage took its current status: the last status change to it in the history; else the document's
     * last update (which a note also moves, so it errs on keeping longer).
     */
    private static Instant statusSince(JsonNode triage, String status) {
        Instant since = null;
        for (JsonNode change : triage.path("history")) {
            if ("status".equals(change.path("field").asText()) && change.path("after").asText("").equals(status)) {
                Instant at = instant(change.path("at"));
                since = at != null && (since == null || at.isAfter(since)) ? at : since;
            }
        }
        return since != null ? since : instant(triage.path("updated"));
    }

    private Map<String, JsonNode> sources(String index, Collection<String> ids) throws IOException {
        ObjectNode body = ElasticCalls.JSON.createObjectNode();
        ArrayNode array = body.putArray("ids");
        ids.forEach(array::add);
        JsonNode response = es.callOrNull("POST", "/" + index + "/_mget", body);
        Map<String, JsonNode> out = new HashMap<>();
        if (response == null) {
            return out; // the index does not exist yet: nobody triaged anything
        }
        for (JsonNode doc : response.path("docs")) {
            if (doc.has("error")) {
                throw new IOException("cannot read " + index + "/" + doc.path("_id").asText() + ": " + doc.path("error"));
            }
            if (doc.path("found").asBoolean()) {
                out.put(doc.path("_id").asText(), doc.path("_source"));
            }
        }
        return out;
    }

    private static Instant first(Instant... candidates) {
        for (Instant i : candidates) {
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    private static Instant instant(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value.asText()).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
