package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A photo or video of a post as the page shows it.
 *
 * @param href the URL when it may be a link (http or https), else null and the URL is shown as text
 * @param previewSrc the preview image when it may be loaded (https), else null
 * @param views null when unknown
 */
public record MediaView(String type, String url, String href, String previewUrl, String previewSrc, Long views) {

    static MediaView of(JsonNode m, String viewsField) {
        String url = text(m.path("url"));
        String preview = text(m.path("preview_url"));
        JsonNode v = m.path(viewsField);
        return new MediaView(text(m.path("type")), url, Links.href(url), preview, Links.imageSrc(preview),
                v.isNumber() ? v.asLong() : null);
    }

    static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
