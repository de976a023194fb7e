package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/**
 * Incident, post and alert documents shaped as the job writes them, indexed through the strict templates (a field
 * the job does not write fails the fixture, not the test).
 */
final class IncidentFixtures {

    static final Instant T0 = Instant.parse("2023-11-06T13:30:00Z");
    static final String SUPER_HIGHWAY = "khi-site-super-highway";
    static final String HATRI = "hyd-hatri";
    static final String HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)> \u202Ereversed text";

    private final Es es;

    IncidentFixtures(Es es) {
        this.es = es;
    }

    /** Makes what was written searchable: once, after all the fixtures, rather than a refresh wait for each. */
    void refresh() {
        es.refresh(Indices.INCIDENTS);
        es.refresh(Indices.FLAGGED_POSTS);
        es.refresh(Indices.ALERTS);
    }

    void incident(String id, String title, String stationId, String stationName, String city) {
        ObjectNode d = Es.JSON.createObjectNode();
        d.put("@timestamp", T0.toString());
        d.putObject("event").put("kind", "alert").put("module", "nigrani").put("dataset", "nigrani.incidents")
                .put("created", T0.plusSeconds(600).toString()).put("risk_score", 71);
        ObjectNode n = d.putObject("nigrani");
        ObjectNode inc = n.putObject("incident");
        inc.put("id", id).put("key", "video:" + id).put("kind", "video").put("version", 3000).put("first_seen", T0.toString())
                .put("last_seen", T0.plus(Duration.ofHours(2)).toString()).put("post_count", 3).put("first_post_id", "x:1")
                .put("as_of", T0.plus(Duration.ofHours(2)).toString());
        inc.putArray("recent_post_ids").add("x:1");
        n.putObject("triage").put("status", "new");
        n.put("title", title);
        n.putArray("stations").addObject().put("id", stationId).put("name", stationName).put("city", city);
        n.put("city", city);
        n.put("category", "violence");
        n.putArray("categories").addObject().put("name", "violence").put("posts", 3);
        n.putArray("victims").add("refugees");
        n.putArray("officers").addObject().put("rank", "constable").put("count", 3);
        n.put("officer_total", 3);
        n.putArray("langs").add("en").add("ur");
        n.put("has_video", true);
        n.putObject("media").put("type", "video").put("url", "https://video.example.org/v/1.mp4")
                .put("preview_url", "https://img.example.org/p/1.jpg").put("views", 52_000);
        n.put("max_score", 0.93);
        ObjectNode reach = n.putObject("reach");
        reach.put("views", 52_000).put("reposts", 40).put("views_per_hour", 25_500).put("recent_views_per_hour", 40_000)
                .put("trend", "rising").put("gone_posts", 1);
        ArrayNode history = reach.putArray("history");
        history.addObject().put("at", T0.toString()).put("views", 1_000);
        history.addObject().put("at", T0.plus(Duration.ofHours(1)).toString()).put("views", 12_000);
        history.addObject().put("at", T0.plus(Duration.ofHours(2)).toString()).put("views", 52_000);
        ObjectNode p = n.putObject("priority");
        p.put("score", 71).put("band", "high");
        p.putObject("components").put("confidence", 0.93).put("severity", 1.0).put("video", 1.0).put("reach", 0.812)
                .put("growth", 0.5).put("recency", 0.9);
        es.put(Indices.INCIDENTS, id, d, Es.Refresh.NONE);
    }

    /** A flagged post of {@code incidentId}; its document id is {@code x:<postId>}. */
    void post(String incidentId, String postId, Instant at, String text, String author, String stationId, String stationName,
            String mediaUrl, String previewUrl) {
        ObjectNode d = Es.JSON.createObjectNode();
        d.put("@timestamp", at.toString());
        d.put("message", text);
        d.putObject("user").put("name", author);
        d.putObject("url").put("full", "https://x.com/" + author + "/status/" + postId);
        d.putObject("event").put("kind", "alert").put("module", "nigrani").put("dataset", "nigrani.flagged_posts")
                .put("created", at.plusSeconds(5).toString()).put("risk_score", 91.0);
        ObjectNode n = d.putObject("nigrani");
        n.put("platform", "x").put("post_id", postId).put("lang", "en").put("has_video", mediaUrl != null);
        n.putObject("incident").put("id", incidentId);
        n.putArray("stations").addObject().put("id", stationId).put("name", stationName).put("city", "Karachi");
        n.put("city", "Karachi");
        n.putArray("officers").addObject().put("rank", "constable").put("count", 2);
        n.put("officer_total", 2);
        n.put("victims", "refugees");
        ObjectNode c = n.putObject("classifier");
        c.put("label", "police_misconduct").put("score", 0.912).put("category", "harassment").put("model", "test");
        c.putArray("why").add("cops").add("thappar");
        ArrayNode media = n.putArray("media");
        if (mediaUrl != null) {
            ObjectNode m = media.addObject().put("type", "video").put("url", mediaUrl).put("view_count", 4_000);
            if (previewUrl != null) {
                m.put("preview_url", previewUrl);
            }
        }
        n.putObject("metrics").put("reposts", 3).put("likes", 10).put("views", 4_000);
        n.putObject("source").put("path", "test").put("offset", 0);
        es.put(Indices.flaggedPostsIndexFor(at), "x:" + postId, d, Es.Refresh.NONE);
    }

    void alert(String alertId, String incidentId, String recipient, String stationId) {
        ObjectNode d = Es.JSON.createObjectNode();
        d.put("@timestamp", T0.plusSeconds(700).toString());
        d.putObject("alert").put("id", alertId).put("kind", "immediate").put("channel", "email").put("sequence", 1)
                .put("status", "sent").put("attempts", 1).put("created", T0.plusSeconds(650).toString())
                .put("sent_at", T0.plusSeconds(700).toString()).put("subject", "Incident at the station");
        d.putArray("recipients").addObject().put("name", recipient).put("address", "sho-secret@example.org").put("station_id", stationId);
        ObjectNode inc = d.putArray("incidents").addObject();
        inc.put("id", incidentId).put("version", 3000).put("score", 71).put("band", "high");
        inc.putArray("stations").add(stationId);
        d.put("body", "the message");
        es.put(Indices.ALERTS, alertId, d, Es.Refresh.NONE);
    }
}
