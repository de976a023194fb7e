package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Walls;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/**
 * Reads an incident, its posts and its alerts for one user, behind that user's walls: a walled-off incident is
 * not found, exactly like one that does not exist.
 */
final class IncidentReader {

    static final int PAGE_SIZE = 50;
    /** Elasticsearch's result window (10,000) over the page size: deeper pages are refused, not failed. */
    static final int MAX_PAGE = 10_000 / PAGE_SIZE - 1;
    /** A case file holds at most this many posts; a re-share storm beyond it is summarised by the counts. */
    static final int MAX_EXPORT_POSTS = 20_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final Es es;

    IncidentReader(Es es) {
        this.es = es;
    }

    /** An incident found, with its document (the source). */
    record Found(IncidentView view, JsonNode source) {}

    /** @throws NoSuchIncident when it does not exist or {@code user} is walled off from one of its stations */
    Found incident(String id, User user) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new NoSuchIncident();
        }
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 1);
        ObjectNode bool = q.putObject("query").putObject("bool");
        bool.putArray("filter").addObject().putObject("ids").putArray("values").add(id);
        Walls.exclude(bool, user);
        JsonNode hits = es.search(Indices.INCIDENTS, q).path("hits").path("hits");
        if (hits.isEmpty()) {
            throw new NoSuchIncident();
        }
        JsonNode source = hits.get(0).path("_source");
        IncidentView view = IncidentView.of(id, source);
        // The query's wall already kept it out; checked again here so a query change cannot open a wall.
        if (!user.maySee(view.stationIds())) {
            throw new NoSuchIncident();
        }
        return new Found(view, source);
    }

    /** Whether the incident exists at all, whoever may see it (for the audit of a refused look). */
    boolean exists(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        JsonNode doc = es.get(Indices.INCIDENTS, id);
        return doc != null && doc.path("found").asBoolean();
    }

    PostPage posts(String incidentId, User user, int page, boolean revealed, int maxChars) {
        int p = Math.max(0, Math.min(page, MAX_PAGE));
        ObjectNode q = postsQuery(incidentId, user);
        q.put("from", p * PAGE_SIZE);
        q.put("size", PAGE_SIZE);
        q.put("track_total_hits", true);
        JsonNode response = es.search(Indices.FLAGGED_POSTS, q);
        List<PostView> items = new ArrayList<>();
        response.path("hits").path("hits").forEach(h -> items.add(PostView.of(h, revealed, maxChars)));
        return new PostPage(items, response.path("hits").path("total").path("value").asLong(), p);
    }

    /** Every post (up to {@link #MAX_EXPORT_POSTS}), newest first, with whole texts: for the case file. */
    List<PostView> allPosts(String incidentId, User user, boolean revealed) {
        List<PostView> all = new ArrayList<>();
        JsonNode after = null;
        while (all.size() < MAX_EXPORT_POSTS) {
            ObjectNode q = postsQuery(incidentId, user);
            q.put("size", 1000);
            if (after != null) {
                q.set("search_after", after);
            }
            JsonNode hits = es.search(Indices.FLAGGED_POSTS, q).path("hits").path("hits");
            for (JsonNode h : hits) {
                all.add(PostView.of(h, revealed, 0));
                after = h.path("sort");
            }
            if (hits.size() < 1000) {
                break;
            }
        }
        return all.size() > MAX_EXPORT_POSTS ? all.subList(0, MAX_EXPORT_POSTS) : all;
    }

    /** One post of the incident by document id, or null (feedback may only name the incident's own posts). */
    PostView post(String incidentId, String postDocumentId, User user) {
        if (postDocumentId == null || postDocumentId.isBlank() || postDocumentId.length() > 512) {
            return null;
        }
        ObjectNode ids = Es.JSON.createObjectNode();
        ids.putObject("ids").putArray("values").add(postDocumentId);
        return newestPost(incidentId, user, ids);
    }

    /**
     * The newest post of the incident that records an evidence item under {@code sha256} (canonical), or null:
     * evidence is only ever served as part of a post the user may see.
     */
    PostView postWithEvidence(String incidentId, String sha256, User user) {
        ObjectNode term = Es.JSON.createObjectNode();
        term.putObject("term").put("nigrani.evidence.sha256", sha256);
        return newestPost(incidentId, user, term);
    }

    private PostView newestPost(String incidentId, User user, ObjectNode filter) {
        ObjectNode q = postsQuery(incidentId, user);
        q.put("size", 1);
        ((ArrayNode) q.path("query").path("bool").path("filter")).add(filter);
        JsonNode hits = es.search(Indices.FLAGGED_POSTS, q).path("hits").path("hits");
        return hits.isEmpty() ? null : PostView.of(hits.get(0), false, 0);
    }

    /** The alerts sent about the incident, newest first (the last 50). */
    List<AlertView> alerts(String incidentId) {
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 50);
        q.putArray("sort").addObject().put("alert.created", "desc");
        q.putObject("_source").putArray("excludes").add("body").add("recipients.address");
        q.putObject("query").putObject("bool").putArray("filter").addObject().putObject("term").put("incidents.id", incidentId);
        List<AlertView> out = new ArrayList<>();
        es.search(Indices.ALERTS, q).path("hits").path("hits").forEach(h -> out.add(AlertView.of(h.path("_source"))));
        return out;
    }

    private static ObjectNode postsQuery(String incidentId, User user) {
        ObjectNode q = Es.JSON.createObjectNode();
        ArrayNode sort = q.putArray("sort");
        sort.addObject().put("@timestamp", "desc");
        sort.addObject().put("nigrani.post_id", "asc");
        ObjectNode bool = q.putObject("query").putObject("bool");
        bool.putArray("filter").addObject().putObject("term").put("nigrani.incident.id", incidentId);
        Walls.exclude(bool, user);
        return q;
    }
}
