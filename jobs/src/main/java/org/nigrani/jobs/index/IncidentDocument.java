package org.nigrani.jobs.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.incident.IncidentKeys;
import org.nigrani.jobs.incident.IncidentState;

/**
 * Serialises an incident into an update of its document in the {@code incidents} index.
 *
 * <p>An update, not a whole document: the console owns the triage fields, and the job's rewrites must not reset
 * them. The document is created with triage status {@code new}. Updates of one incident are applied in order
 * because its sink keeps one bulk request in flight ({@link IndexSettings#inOrder()}).
 */
public final class IncidentDocument implements MapFunction<Incident, BulkEntry> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public BulkEntry map(Incident incident) {
        IncidentState s = incident.state();
        Instant now = Instant.now();
        return BulkEntry.upsert(Indices.INCIDENTS, s.id(), toJson(incident, now, false), toJson(incident, now, true),
                "incident " + s.id(), s.firstPostId());
    }

    /**
     * @param created whether this is the document as first created, with the triage fields the console takes over;
     *     otherwise only the fields the job owns
     */
    public static byte[] toJson(Incident incident, Instant updated, boolean created) {
        IncidentState s = incident.state();
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", Instant.ofEpochMilli(s.firstSeen()).toString());
            g.writeObjectFieldStart("event");
            g.writeStringField("kind", "alert");
            g.writeStringField("module", "nigrani");
            g.writeStringField("dataset", "nigrani.incidents");
            g.writeStringField("created", updated.toString());
            g.writeNumberField("risk_score", incident.priority().score());
            g.writeEndObject();

            g.writeObjectFieldStart("nigrani");
            g.writeObjectFieldStart("incident");
            g.writeStringField("id", s.id());
            g.writeStringField("key", s.key());
            g.writeStringField("kind", IncidentKeys.kindOf(s.key()));
            g.writeNumberField("version", s.version());
            g.writeStringField("first_seen", Instant.ofEpochMilli(s.firstSeen()).toString());
            g.writeStringField("last_seen", Instant.ofEpochMilli(s.lastSeen()).toString());
            g.writeNumberField("post_count", s.postCount());
            g.writeStringField("first_post_id", s.firstPostId());
            g.writeArrayFieldStart("recent_post_ids");
            for (String id : s.recentPostIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeStringField("as_of", incident.asOf().toString());
            g.writeEndObject();
            if (created) {
                g.writeObjectFieldStart("triage");
                g.writeStringField("status", "new");
                g.writeEndObject();
            }
            FlaggedPostDocument.writeOptional(g, "title", s.title());

            FlaggedPostDocument.writeStations(g, s.stations());
            FlaggedPostDocument.writeOptional(g, "city", s.city());
            FlaggedPostDocument.writeOptional(g, "category", s.category());
            g.writeArrayFieldStart("categories");
            for (Map.Entry<String, Integer> c : s.categories().entrySet()) {
                g.writeStartObject();
                g.writeStringField("name", c.getKey());
                g.writeNumberField("posts", c.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("victims");
            for (String v : s.victims()) {
                g.writeString(v);
            }
            g.writeEndArray();
            FlaggedPostDocument.writeOfficers(g, s.officers().entrySet().stream()
                    .map(o -> new Enrichment.Officers(o.getKey(), o.getValue())).toList(), s.officerTotal());
            g.writeArrayFieldStart("langs");
            for (String l : s.langs()) {
                g.writeString(l);
            }
            g.writeEndArray();
            g.writeBooleanField("has_video", s.hasVideo());
            if (s.media() != null) {
                g.writeObjectFieldStart("media");
                g.writeStringField("type", s.media().type());
                FlaggedPostDocument.writeOptional(g, "url", s.media().url());
                FlaggedPostDocument.writeOptional(g, "preview_url", s.media().previewUrl());
                g.writeNumberField("views", s.media().views());
                g.writeEndObject();
            }
            g.writeNumberField("max_score", s.maxScore());
            g.writeObjectFieldStart("reach");
            g.writeNumberField("views", s.views());
            g.writeNumberField("reposts", s.reposts());
            g.writeNumberField("views_per_hour", Math.round(s.viewsPerHour()));
            g.writeNumberField("recent_views_per_hour", Math.round(s.recentViewsPerHour()));
            g.writeStringField("trend", s.trend());
            g.writeNumberField("gone_posts", s.gonePosts());
            g.writeArrayFieldStart("history");
            for (IncidentState.ReachPoint point : s.reachHistory()) {
                g.writeStartObject();
                g.writeStringField("at", Instant.ofEpochMilli(point.at()).toString());
                g.writeNumberField("views", point.views());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            FlaggedPostDocument.writePriority(g, incident.priority());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise incident " + s.id(), e);
        }
        return bytes.toByteArray();
    }
}
