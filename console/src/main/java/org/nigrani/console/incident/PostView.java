package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A flagged post of an incident as the page, the API and the case file show it.
 *
 * @param id the document id (platform:post id), what feedback names
 * @param text cut to {@code maxChars} on the page; whole in the case file
 * @param cut whether it was cut
 * @param why the words that weighed most in the classifier's verdict
 * @param author the author's handle, null unless the session revealed the incident's authors
 * @param url the post's address (it contains the handle), likewise
 * @param urlHref {@code url} when it may be a link
 * @param evidence what the job captured of the post's media and of the post itself, as it recorded it
 */
public record PostView(String id, String postId, String platform, String time, String lang, Double score, String label,
        String category, List<String> why, String text, boolean cut, List<MediaView> media, boolean hasVideo, List<String> stations,
        String city, List<String> officers, String victims, Long views, Long reposts, String author, String url,
        String urlHref, List<EvidenceItem> evidence) {

    public PostView {
        evidence = List.copyOf(evidence);
        why = List.copyOf(why);
        media = List.copyOf(media);
        stations = List.copyOf(stations);
        officers = List.copyOf(officers);
    }

    /** From a search hit; {@code maxChars} 0 keeps the whole text. */
    static PostView of(JsonNode hit, boolean revealed, int maxChars) {
        JsonNode s = hit.path("_source");
        JsonNode n = s.path("nigrani");
        JsonNode c = n.path("classifier");
        List<String> why = new ArrayList<>();
        c.path("why").forEach(w -> why.add(w.asText()));
        List<MediaView> media = new ArrayList<>();
        n.path("media").forEach(m -> media.add(MediaView.of(m, "view_count")));
        List<String> stations = new ArrayList<>();
        n.path("stations").forEach(st -> stations.add(st.path("name").asText(st.path("id").asText())));
        List<String> officers = new ArrayList<>();
        n.path("officers").forEach(o -> officers.add(o.path("count").asInt() + " " + o.path("rank").asText()));
        List<EvidenceItem> evidence = new ArrayList<>();
        JsonNode recorded = n.path("evidence");
        if (recorded.isObject()) {
            evidence.add(EvidenceItem.of(recorded, revealed)); // one item may come back as an object, not an array
        } else {
            recorded.forEach(e -> evidence.add(EvidenceItem.of(e, revealed)));
        }
        String text = s.path("message").asText("");
        boolean cut = maxChars > 0 && text.codePointCount(0, text.length()) > maxChars;
        if (cut) {
            text = text.substring(0, text.offsetByCodePoints(0, maxChars)) + "…";
        }
        String url = revealed ? MediaView.text(s.path("url").path("full")) : null;
        JsonNode metrics = n.path("metrics");
        return new PostView(hit.path("_id").asText(), MediaView.text(n.path("post_id")), MediaView.text(n.path("platform")),
                MediaView.text(s.path("@timestamp")), MediaView.text(n.path("lang")),
                c.path("score").isNumber() ? c.path("score").asDouble() : null, MediaView.text(c.path("label")),
                MediaView.text(c.path("category")), why, text, cut, media, n.path("has_video").asBoolean(), stations, MediaView.text(n.path("city")), officers,
                MediaView.text(n.path("victims")), metrics.path("views").isNumber() ? metrics.path("views").asLong() : null,
                metrics.path("reposts").isNumber() ? metrics.path("reposts").asLong() : null,
                revealed ? MediaView.text(s.path("user").path("name")) : null, url, Links.href(url), evidence);
    }

    /** The score as the page shows it: 0.93. */
    public String scoreText() {
        return score == null ? "" : String.format(java.util.Locale.ROOT, "%.2f", score);
    }
}
