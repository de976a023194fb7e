package org.nigrani.console.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/**
 * Incident and flagged-post documents shaped as the job writes them, indexed through the real (strict) templates, so a
 * field the job does not write fails the fixture rather than passing unseen. The {@code …Doc} builders return the
 * document for a test to change (a handle, a media URL) before {@link #index}; the others write it at once. Call
 * {@link Es#refresh} once after the fixtures.
 */
public final class JobDocuments {

    /** Every post's author unless a test says otherwise: a witness, never shown before a reveal. */
    public static final String AUTHOR = "witness_alpha";
    public static final String POST_URL = "https://x.com/witness_alpha/status/1001";

    private JobDocuments() {}

    public static ObjectNode station(String id, String name, String city) {
        ObjectNode s = Es.JSON.createObjectNode();
        s.put("id", id).put("name", name).put("city", city);
        return s;
    }

    public static void incident(Es es, String id, String title, List<ObjectNode> stations, String city, String category,
            List<String> langs, String status, String assignee, int priority, boolean video, String lastSeen, long views) {
        index(es, incidentDoc(id, title, stations, city, category, langs, status, assignee, priority, video, lastSeen, views));
    }

    /** An incident first seen an hour before {@code lastSeen}. */
    public static ObjectNode incidentDoc(String id, String title, List<ObjectNode> stations, String city, String category,
            List<String> langs, String status, String assignee, int priority, boolean video, String lastSeen, long views) {
        Instant last = Instant.parse(lastSeen);
        String first = last.minusSeconds(3600).toString();
        ObjectNode doc = Es.JSON.createObjectNode();
        doc.put("@timestamp", first);
        doc.putObject("event").put("kind", "alert").put("module", "nigrani").put("dataset", "nigrani.incidents")
                .put("created", lastSeen).put("risk_score", priority);
        ObjectNode n = doc.putObject("nigrani");
        ObjectNode inc = n.putObject("incident");
        inc.put("id", id).put("key", "video:x:" + id).put("kind", "video").put("version", 1).put("first_seen", first)
                .put("last_seen", lastSeen).put("post_count", 3).put("first_post_id", "x:" + id).put("as_of", lastSeen);
        inc.putArray("recent_post_ids").add("x:" + id);
        ObjectNode triage = n.putObject("triage").put("status", status);
        if (assignee != null) {
            triage.put("assignee", assignee);
        }
        n.put("title", title);
        n.putArray("stations").addAll(stations);
        n.put("city", city);
        n.put("category", category);
        n.putArray("categories").addObject().put("name", category).put("posts", 3);
        n.putArray("victims");
        n.putArray("officers");
        n.put("officer_total", 0);
        ArrayNode l = n.putArray("langs");
        langs.forEach(l::add);
        n.put("has_video", video);
        n.put("max_score", 0.9);
        n.putObject("reach").put("views", views).put("reposts", 0).put("views_per_hour", 0).put("recent_views_per_hour", 0)
                .put("trend", "steady").put("gone_posts", 0);
        priority(n, priority);
        return doc;
    }

    /** A post of {@code incidentId} by {@link #AUTHOR}; {@code id} is its document id, {@code platform:post id}. */
    public static void post(Es es, String id, String incidentId, String text, String lang, List<ObjectNode> stations,
            String category, int priority, boolean video, String time) {
        index(es, postDoc(id, incidentId, text, lang, stations, category, priority, video, time));
    }

    /** {@code doc} as written by {@code author}, with the post URL that names him (what a reveal shows). */
    public static ObjectNode byAuthor(ObjectNode doc, String author, String postId) {
        doc.putObject("user").put("name", author);
        doc.putObject("url").put("full", "https://x.com/" + author + "/status/" + postId);
        return doc;
    }

    public static ObjectNode postDoc(String id, String incidentId, String text, String lang, List<ObjectNode> stations,
            String category, int priority, boolean video, String time) {
        ObjectNode doc = Es.JSON.createObjectNode();
        doc.put("@timestamp", time);
        doc.put("message", text);
        doc.putObject("user").put("name", AUTHOR);
        doc.putObject("url").put("full", POST_URL);
        doc.putObject("event").put("kind", "alert").put("module", "nigrani").put("dataset", "nigrani.flagged_posts")
                .put("created", time).put("risk_score", 90.0);
        ObjectNode n = doc.putObject("nigrani");
        int colon = id.indexOf(':');
        n.put("platform", id.substring(0, colon)).put("post_id", id.substring(colon + 1)).put("lang", lang).put("has_video", video);
        n.putObject("incident").put("id", incidentId);
        n.putArray("stations").addAll(stations);
        n.put("city", stations.get(0).path("city").asText());
        n.putArray("officers");
        n.put("officer_total", 0);
        priority(n, priority);
        ObjectNode c = n.putObject("classifier");
        c.put("label", "police_misconduct").put("score", 0.9).put("category", category).put("model", "test");
        c.putArray("why").add("test");
        n.putObject("metrics").put("reposts", 1).put("likes", 2).put("views", priority * 10L);
        return doc;
    }

    /**
     * An evidence item as the job records it on a post ({@code nigrani.evidence}); {@code status} captured (reason
     * null), failed, too_large, refused or removed; {@code sha256}, {@code size} and {@code contentType} null when
     * nothing was stored; a granted timestamp at {@code genTime}, or none asked for when it is null.
     */
    public static ObjectNode evidenceItem(String kind, String sourceUrl, String status, String reason, String sha256, Long size,
            String contentType, String fetchedAt, String genTime) {
        ObjectNode e = Es.JSON.createObjectNode();
        e.put("kind", kind).put("source_url", sourceUrl).put("final_url", sourceUrl).put("status", status).put("reason", reason)
                .put("sha256", sha256).put("size", size).put("content_type", contentType).put("fetched_at", fetchedAt);
        ObjectNode t = e.putObject("timestamp");
        if (genTime == null) {
            t.put("status", "off");
        } else {
            t.put("status", "granted").put("gen_time", genTime).put("tsa", "CN=Nigrani test TSA");
        }
        return e;
    }

    /** {@code postDoc} with {@code items} appended to its {@code nigrani.evidence}. */
    public static ObjectNode withEvidence(ObjectNode postDoc, ObjectNode... items) {
        ArrayNode evidence = ((ObjectNode) postDoc.path("nigrani")).withArray("evidence");
        for (ObjectNode item : items) {
            evidence.add(item);
        }
        return postDoc;
    }

    /**
     * A custody event as the job writes it to {@code evidence}: {@code captured} under {@code <sha256>:captured},
     * {@code linked} under {@code <sha256>:linked:<post>}; other events (as the console or retention write them) under
     * an id Elasticsearch chooses.
     */
    public static void custodyEvent(Es es, String event, String actor, String sha256, String post, String incidentId,
            String kind, String time) {
        ObjectNode doc = Es.JSON.createObjectNode();
        doc.put("@timestamp", time).put("sha256", sha256).put("event", event).put("actor", actor).put("post", post)
                .put("incident", incidentId).put("kind", kind);
        switch (event) {
            case "captured" -> es.create(Indices.EVIDENCE, sha256 + ":captured", doc, Es.Refresh.NONE);
            case "linked" -> es.create(Indices.EVIDENCE, sha256 + ":linked:" + post, doc, Es.Refresh.NONE);
            default -> es.append(Indices.EVIDENCE, doc, Es.Refresh.NONE);
        }
    }

    /** Writes an incident or post document built here: incidents under their id, posts in their month's index. */
    public static void index(Es es, ObjectNode doc) {
        ObjectNode n = (ObjectNode) doc.path("nigrani");
        if (doc.has("message")) {
            String id = n.path("platform").asText() + ":" + n.path("post_id").asText();
            es.put(Indices.flaggedPostsIndexFor(Instant.parse(doc.path("@timestamp").asText())), id, doc, Es.Refresh.NONE);
        } else {
            es.put(Indices.INCIDENTS, n.path("incident").path("id").asText(), doc, Es.Refresh.NONE);
        }
    }

    private static void priority(ObjectNode n, int score) {
        ObjectNode p = n.putObject("priority");
        p.put("score", score).put("band", score >= 80 ? "P1" : score >= 60 ? "P2" : score >= 40 ? "P3" : "P4");
        p.putObject("components").put("confidence", 0.9).put("severity", 0.6).put("video", 0).put("reach", 0.5)
                .put("growth", 0).put("recency", 0.5);
    }
}
