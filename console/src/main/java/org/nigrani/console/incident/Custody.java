package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/**
 * The chain of custody of evidence items, index {@code evidence}: the console appends what people do with an item
 * ({@code viewed}, {@code exported}) beside the job's {@code captured} and {@code linked}, each event a document of its
 * own created with an id Elasticsearch chooses (op_type create), so nothing here can change or remove an event.
 */
final class Custody {

    static final String VIEWED = "viewed";
    static final String EXPORTED = "exported";

    /** One event about {@code sha256}; {@code post} is the flagged post it was reached through. */
    record Event(String event, String actor, String incidentId, String post, String sha256, String kind, String contentType,
            Long size, String detail) {}

    private final Es es;
    private final Clock clock;

    Custody(Es es, Clock clock) {
        this.es = es;
        this.clock = clock;
    }

    void append(Event e) {
        ObjectNode doc = Es.JSON.createObjectNode();
        doc.put("@timestamp", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString()); // what a date field keeps
        doc.put("sha256", e.sha256());
        doc.put("event", e.event());
        doc.put("actor", e.actor());
        doc.put("post", e.post());
        doc.put("incident", e.incidentId());
        doc.put("kind", e.kind());
        doc.put("content_type", e.contentType());
        doc.put("size", e.size());
        doc.put("detail", e.detail());
        es.append(Indices.EVIDENCE, doc, Es.Refresh.NONE);
    }

    /**
     * Every event about {@code sha256s}, oldest first, as the reader of {@code incidentId} may have them: one bytes
     * file can be evidence in several incidents, and an event reached through a post outside this incident keeps
     * what happened and when, but not which incident, post, URL or why ({@code "other_incident": true}), since the
     * reader may be walled off from it.
     */
    void events(Collection<String> sha256s, String incidentId, Set<String> visiblePosts, Consumer<ObjectNode> each) {
        if (sha256s.isEmpty()) {
            return;
        }
        es.refresh(Indices.EVIDENCE);
        ObjectNode q = Es.JSON.createObjectNode();
        q.putArray("sort").addObject().put("@timestamp", "asc");
        ArrayNode terms = q.putObject("query").putObject("bool").putArray("filter").addObject().putObject("terms").putArray("sha256");
        sha256s.forEach(terms::add);
        es.scan(Indices.EVIDENCE, q, hit -> {
            ObjectNode event = (ObjectNode) hit.path("_source");
            String post = text(event, "post");
            if (!incidentId.equals(text(event, "incident")) && (post == null || !visiblePosts.contains(post))) {
                event.remove(List.of("incident", "post", "source_url", "detail"));
                event.put("other_incident", true);
            }
            each.accept(event);
        });
    }

    private static String text(JsonNode event, String field) {
        return MediaView.text(event.path(field));
    }
}
