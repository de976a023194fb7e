package org.nigrani.console.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.nigrani.console.store.Es;

/**
 * The API's answer to a search ({@code GET /api/search}); the shape is documented on {@link SearchRoutes}. Texts
 * come twice: plain ({@code title}, {@code snippet}) and as HTML that is safe to insert ({@code title_html},
 * {@code snippet_html}: the text escaped, the matches in {@code <mark>}, no other markup).
 */
public final class SearchJson {

    private SearchJson() {}

    public static ObjectNode of(SearchQuery q, SearchResults r) {
        ObjectNode out = Es.JSON.createObjectNode();
        out.put("kind", q.kind().key());
        out.put("total", r.total());
        out.put("page", q.page());
        out.put("per_page", SearchQuery.PAGE_SIZE);
        ObjectNode query = out.putObject("query");
        q.params().forEach(query::put);
        ArrayNode notices = out.putArray("notices");
        q.notices().forEach(notices::add);
        ArrayNode hits = out.putArray("hits");
        for (SearchResults.IncidentHit h : r.incidents()) {
            ObjectNode o = hits.addObject();
            o.put("id", h.id());
            o.put("url", SearchView.incidentHref(h.id()));
            o.put("title", h.title().text());
            o.put("title_html", h.title().html());
            stations(o, h.stations());
            o.put("city", h.city());
            o.put("category", h.category());
            priority(o, h.priority(), h.band());
            o.put("post_count", h.postCount());
            o.put("status", h.status());
            o.put("assignee", h.assignee());
            o.put("last_seen", h.lastSeen());
            o.put("has_video", h.video());
            o.put("views", h.views());
            ArrayNode langs = o.putArray("langs");
            h.langs().forEach(langs::add);
        }
        for (SearchResults.PostHit h : r.posts()) {
            ObjectNode o = hits.addObject();
            o.put("incident_id", h.incidentId());
            o.put("incident_url", h.incidentId() == null ? null : SearchView.incidentHref(h.incidentId()));
            o.put("snippet", h.text().text());
            o.put("snippet_html", h.text().html());
            o.put("lang", h.lang());
            o.put("time", h.time());
            stations(o, h.stations());
            o.put("city", h.city());
            o.put("category", h.category());
            priority(o, h.priority(), h.band());
            o.put("has_video", h.video());
            o.put("views", h.views());
        }
        ObjectNode facets = out.putObject("facets");
        for (Map.Entry<String, List<SearchResults.Bucket>> f : r.facets().entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> SearchBody.FACETS.indexOf(a) - SearchBody.FACETS.indexOf(b))).toList()) {
            ArrayNode buckets = facets.putArray(f.getKey());
            for (SearchResults.Bucket b : f.getValue()) {
                buckets.addObject().put("key", b.key()).put("count", b.count());
            }
        }
        return out;
    }

    /** A refused search: the message and the parameter it is about. */
    public static ObjectNode error(String message, String parameter) {
        ObjectNode out = Es.JSON.createObjectNode();
        out.put("error", message);
        out.put("parameter", parameter);
        return out;
    }

    private static void stations(ObjectNode o, List<SearchResults.StationRef> stations) {
        ArrayNode list = o.putArray("stations");
        for (SearchResults.StationRef s : stations) {
            list.addObject().put("id", s.id()).put("name", s.name()).put("city", s.city());
        }
    }

    private static void priority(ObjectNode o, Integer score, String band) {
        ObjectNode p = o.putObject("priority");
        if (score == null) {
            p.putNull("score");
        } else {
            p.put("score", score);
        }
        p.put("band", band);
    }
}
