package org.nigrani.jobs.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.jobs.index.BulkEntry;

/**
 * Records a post's evidence: its items on the post's document ({@code nigrani.evidence}), and for each captured item
 * a custody event in the {@code evidence} index: {@code captured} when this post's capture stored the bytes,
 * {@code linked} when they were stored already. Custody documents are created under ids that a replay produces
 * again, and never overwritten.
 */
public final class EvidenceDocuments implements FlatMapFunction<PostEvidence, BulkEntry> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void flatMap(PostEvidence e, Collector<BulkEntry> out) {
        // An update that never creates: the post's own document is on its way through the same sink.
        out.collect(BulkEntry.update(Indices.flaggedPostsIndexFor(e.createdAt()), e.documentId(), postChanges(e),
                "evidence " + e.documentId(), e.postId()));
        for (EvidenceItem item : e.items()) {
            if (item.captured()) {
                String id = item.firstCopy() ? item.sha256() + ":captured" : item.sha256() + ":linked:" + e.documentId();
                out.collect(BulkEntry.create(Indices.EVIDENCE, id, custody(e, item), "evidence " + e.documentId()));
            }
        }
    }

    static byte[] postChanges(PostEvidence e) {
        return json(g -> {
            g.writeObjectFieldStart("nigrani");
            g.writeArrayFieldStart("evidence");
            for (EvidenceItem item : e.items()) {
                g.writeStartObject();
                g.writeStringField("kind", item.kind());
                optional(g, "source_url", item.sourceUrl());
                optional(g, "final_url", item.finalUrl());
                g.writeStringField("status", item.status());
                optional(g, "reason", item.reason());
                optional(g, "sha256", item.sha256());
                if (item.captured() || item.size() > 0) {
                    g.writeNumberField("size", item.size());
                }
                optional(g, "content_type", item.contentType());
                g.writeStringField("fetched_at", item.fetchedAt().toString());
                stamp(g, item.timestamp(), true);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static byte[] custody(PostEvidence e, EvidenceItem item) {
        return json(g -> {
            g.writeStringField("@timestamp", item.fetchedAt().toString());
            g.writeStringField("sha256", item.sha256());
            g.writeStringField("event", item.firstCopy() ? "captured" : "linked");
            g.writeStringField("actor", "job");
            g.writeStringField("post", e.documentId());
            optional(g, "incident", e.incidentId());
            g.writeStringField("kind", item.kind());
            optional(g, "content_type", item.contentType());
            g.writeNumberField("size", item.size());
            optional(g, "source_url", item.sourceUrl());
            stamp(g, item.timestamp(), false);
        });
    }

    private static void stamp(JsonGenerator g, EvidenceItem.Stamp s, boolean withError) throws IOException {
        if (s == null) {
            return;
        }
        g.writeObjectFieldStart("timestamp");
        g.writeStringField("status", s.status());
        if (s.genTime() != null) {
            g.writeStringField("gen_time", s.genTime().toString());
        }
        optional(g, "tsa", s.tsa() == null || s.tsa().isEmpty() ? null : s.tsa());
        if (withError) {
            optional(g, "error", s.error());
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Fields fields) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }
}
