package org.nigrani.jobs.source.x;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.PostJson;

/**
 * Writes a {@link Post} as one line of the job's JSON Lines input format (README "Input format"), exactly the fields
 * {@link org.nigrani.jobs.source.PostParser} reads back, so posts fetched from X enter the job as the same
 * {@link org.nigrani.jobs.source.RawLine}s a file would give. Absent (null) fields are left out; quotes, newlines and
 * control characters in the text are escaped, so the line never contains a line break. {@link Post#source()} is not
 * written: the reader of the line records where it came from. Thread-safe.
 */
public final class PostLines {

    private static final JsonFactory JSON = new JsonFactory();

    private PostLines() {}

    /** The post as UTF-8 JSON, without a line break. */
    public static byte[] write(Post post) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + post.text().length() * 2);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", post.id());
            g.writeStringField("platform", post.platform());
            optional(g, "url", post.url());
            optional(g, "author", post.author());
            g.writeStringField("text", post.text());
            g.writeStringField("created_at", post.createdAt().toString());
            optional(g, "lang", post.platformLang());
            if (!post.media().isEmpty()) {
                PostJson.writeMedia(g, post.media());
            }
            if (post.place() != null) {
                PostJson.writePlace(g, post.place());
            }
            Post.Metrics metrics = post.metrics();
            if (!Post.Metrics.NONE.equals(metrics)) {
                g.writeObjectFieldStart("metrics");
                g.writeNumberField("reposts", metrics.reposts());
                g.writeNumberField("likes", metrics.likes());
                g.writeNumberField("views", metrics.views());
                g.writeEndObject();
            }
            optional(g, "in_reply_to", post.inReplyTo());
            optional(g, "repost_of", post.repostOf());
            if (post.received() != null) {
                // The platform's own JSON for the post, which the parser skips and evidence keeps in the snapshot.
                g.writeFieldName("received");
                g.writeRawValue(new String(post.received().json(), java.nio.charset.StandardCharsets.UTF_8));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a post to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
