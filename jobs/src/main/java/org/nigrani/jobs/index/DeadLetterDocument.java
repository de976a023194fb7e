package org.nigrani.jobs.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.functions.MapFunction;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.jobs.DeadLetter;
import org.nigrani.jobs.Post;

/** Serialises a dead letter into its document in the {@code monitor-deadletter} index. */
public final class DeadLetterDocument implements MapFunction<DeadLetter, BulkEntry> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public BulkEntry map(DeadLetter letter) {
        return of(letter);
    }

    static BulkEntry of(DeadLetter letter) {
        return new BulkEntry(Indices.DEAD_LETTER, letter.documentId(), toJson(letter),
                letter.source().path(), letter.source().offset(), letter.postId(), true);
    }

    /** The dead letter for a document Elasticsearch refused for good (a mapping error, say). */
    static BulkEntry refused(BulkEntry entry, BulkResult.Item item) {
        String message = "Elasticsearch refused the document with status " + item.status()
                + (item.errorType() == null ? "" : " (" + item.errorType() + "): " + item.errorReason());
        byte[] doc = entry.document();
        String raw = new String(doc, 0, Math.min(doc.length, DeadLetter.MAX_RAW_CHARS), StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(item.errorType() == null ? "index_refused" : item.errorType(), message, raw,
                doc.length, doc.length > DeadLetter.MAX_RAW_CHARS, new Post.SourceRef(entry.sourcePath(), entry.sourceOffset()),
                DeadLetter.STAGE_INDEX, entry.postId(), entry.index(), Instant.now());
        return of(letter);
    }

    static byte[] toJson(DeadLetter letter) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512 + letter.raw().length());
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", letter.at().toString());
            g.writeObjectFieldStart("event");
            g.writeStringField("kind", "pipeline_error");
            g.writeStringField("module", "nigrani");
            g.writeStringField("dataset", "nigrani.deadletter");
            g.writeStringField("original", letter.raw());
            g.writeEndObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("type", letter.reason());
            g.writeStringField("message", letter.message());
            g.writeEndObject();
            g.writeObjectFieldStart("log");
            g.writeObjectFieldStart("file");
            g.writeStringField("path", letter.source().path());
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("nigrani");
            g.writeStringField("stage", letter.stage());
            if (letter.postId() != null) {
                g.writeStringField("post_id", letter.postId());
            }
            if (letter.targetIndex() != null) {
                g.writeStringField("target_index", letter.targetIndex());
            }
            g.writeNumberField("raw_bytes", letter.rawBytes());
            g.writeBooleanField("raw_truncated", letter.truncated());
            g.writeObjectFieldStart("source");
            g.writeStringField("path", letter.source().path());
            g.writeNumberField("offset", letter.source().offset());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise dead letter " + letter.documentId(), e);
        }
        return bytes.toByteArray();
    }
}
