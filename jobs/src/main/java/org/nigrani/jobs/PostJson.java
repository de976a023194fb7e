package org.nigrani.jobs;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** How a post's parts are written as JSON, the same in the input format and in the indexed document. */
public final class PostJson {

    private PostJson() {}

    /** The {@code place} object: id, full_name, country_code (the last two when known). */
    public static void writePlace(JsonGenerator g, Post.Place place) throws IOException {
        g.writeObjectFieldStart("place");
        g.writeStringField("id", place.id());
        if (place.fullName() != null) {
            g.writeStringField("full_name", place.fullName());
        }
        if (place.countryCode() != null) {
            g.writeStringField("country_code", place.countryCode());
        }
        g.writeEndObject();
    }

    /** The {@code media} array: type, url, preview_url, duration_ms and view_count, the last three when known. */
    public static void writeMedia(JsonGenerator g, List<Post.Media> media) throws IOException {
        g.writeArrayFieldStart("media");
        for (Post.Media m : media) {
            g.writeStartObject();
            g.writeStringField("type", m.type());
            g.writeStringField("url", m.url());
            if (m.previewUrl() != null) {
                g.writeStringField("preview_url", m.previewUrl());
            }
            if (m.durationMs() != null) {
                g.writeNumberField("duration_ms", m.durationMs());
            }
            if (m.viewCount() != null) {
                g.writeNumberField("view_count", m.viewCount());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
