package org.nigrani.jobs.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.functions.MapFunction;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.jobs.incident.ReachUpdate;

/** Updates a flagged post's document with what a later look found: its reach now, or that it is deleted or withheld. */
public final class ReachDocument implements MapFunction<ReachUpdate, BulkEntry> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public BulkEntry map(ReachUpdate r) {
        return BulkEntry.update(Indices.flaggedPostsIndexFor(r.createdAt()), r.documentId(), toJson(r),
                "reach " + r.documentId(), r.documentId());
    }

    static byte[] toJson(ReachUpdate r) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeObjectFieldStart("nigrani");
            g.writeObjectFieldStart("reach");
            g.writeStringField("status", r.status());
            g.writeStringField("checked", r.checked().toString());
            g.writeEndObject();
            if (!r.gone()) {
                g.writeObjectFieldStart("metrics");
                g.writeNumberField("views", r.views());
                g.writeNumberField("reposts", r.reposts());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
