package org.nigrani.jobs.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.PostJson;
import org.nigrani.jobs.classify.FlaggedPost;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.IncidentPost;
import org.nigrani.jobs.incident.Priority;
import org.nigrani.nlp.classify.Verdict;

/**
 * Serialises a flagged post once into its Elasticsearch document (ECS names where one fits, the rest under
 * {@code nigrani.*}; see the {@code flagged-posts} index template): the post, the verdict, what extraction found,
 * the incident it joined and its priority with the components.
 */
public final class FlaggedPostDocument implements MapFunction<IncidentPost, BulkEntry> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public BulkEntry map(IncidentPost p) {
        Post post = p.post().flagged().post();
        return new BulkEntry(Indices.flaggedPostsIndexFor(post.createdAt()), post.documentId(),
                toJson(p, Instant.now()), post.source().path(), post.source().offset(), post.id(), false);
    }

    public static byte[] toJson(IncidentPost p, Instant processedAt) {
        FlaggedPost flagged = p.post().flagged();
        Enrichment enrichment = p.post().enrichment();
        Post post = flagged.post();
        Verdict verdict = flagged.verdict();
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", post.createdAt().toString());
            g.writeStringField("message", post.text());
            if (post.author() != null) {
                g.writeObjectFieldStart("user");
                g.writeStringField("name", post.author());
                g.writeEndObject();
            }
            if (post.url() != null) {
                g.writeObjectFieldStart("url");
                g.writeStringField("full", post.url());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("event");
            g.writeStringField("kind", "alert");
            g.writeStringField("module", "nigrani");
            g.writeStringField("dataset", "nigrani.flagged_posts");
            g.writeStringField("created", processedAt.toString());
            g.writeNumberField("risk_score", Math.round(verdict.score() * 1000) / 10.0);
            g.writeEndObject();

            g.writeObjectFieldStart("nigrani");
            g.writeStringField("platform", post.platform());
            g.writeStringField("post_id", post.id());
            g.writeStringField("lang", verdict.lang());
            writeOptional(g, "platform_lang", post.platformLang());
            writeOptional(g, "in_reply_to", post.inReplyTo());
            writeOptional(g, "repost_of", post.repostOf());
            g.writeBooleanField("has_video", enrichment.hasVideo());
            g.writeObjectFieldStart("incident");
            g.writeStringField("id", p.incidentId());
            g.writeEndObject();
            writeEnrichment(g, enrichment);
            writePriority(g, p.priority());
            g.writeObjectFieldStart("classifier");
            g.writeStringField("label", verdict.label());
            g.writeNumberField("score", verdict.score());
            g.writeStringField("category", verdict.category());
            g.writeArrayFieldStart("why");
            for (String w : verdict.why()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeStringField("model", flagged.model());
            g.writeEndObject();
            PostJson.writeMedia(g, post.media());
            if (post.place() != null) {
                PostJson.writePlace(g, post.place());
            }
            g.writeObjectFieldStart("metrics");
            g.writeNumberField("reposts", post.metrics().reposts());
            g.writeNumberField("likes", post.metrics().likes());
            g.writeNumberField("views", post.metrics().views());
            g.writeEndObject();
            g.writeObjectFieldStart("source");
            g.writeStringField("path", post.source().path());
            g.writeNumberField("offset", post.source().offset());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise post " + post.documentId(), e);
        }
        return bytes.toByteArray();
    }

    static void writeStations(JsonGenerator g, List<Enrichment.StationRef> stations) throws IOException {
        g.writeArrayFieldStart("stations");
        for (Enrichment.StationRef s : stations) {
            g.writeStartObject();
            g.writeStringField("id", s.id());
            g.writeStringField("name", s.name());
            g.writeStringField("city", s.city());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeEnrichment(JsonGenerator g, Enrichment e) throws IOException {
        writeStations(g, e.stations());
        writeOptional(g, "city", e.city());
        writeOfficers(g, e.officers(), e.officerTotal());
        writeOptional(g, "victims", e.victims());
    }

    static void writeOfficers(JsonGenerator g, List<Enrichment.Officers> officers, int total) throws IOException {
        g.writeArrayFieldStart("officers");
        for (Enrichment.Officers o : officers) {
            g.writeStartObject();
            g.writeStringField("rank", o.rank());
            g.writeNumberField("count", o.count());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("officer_total", total);
    }

    static void writePriority(JsonGenerator g, Priority priority) throws IOException {
        g.writeObjectFieldStart("priority");
        g.writeNumberField("score", priority.score());
        g.writeStringField("band", priority.band());
        Priority.Components c = priority.components();
        g.writeObjectFieldStart("components");
        g.writeNumberField("confidence", round(c.confidence()));
        g.writeNumberField("severity", round(c.severity()));
        g.writeNumberField("video", round(c.video()));
        g.writeNumberField("reach", round(c.reach()));
        g.writeNumberField("growth", round(c.growth()));
        g.writeNumberField("recency", round(c.recency()));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    static void writeOptional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
