package org.nigrani.console.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Map;
import org.nigrani.console.store.Es;
import org.nigrani.console.stations.Stations;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;
import org.nigrani.console.web.Routes;

/**
 * Search over incidents and flagged posts: {@code GET /search} (the page) and {@code GET /api/search} (JSON), with
 * the same parameters, checks and walls.
 *
 * <h2>Parameters</h2>
 * All optional; blank ones are ignored. {@code q} full text (simple query syntax: {@code "a phrase"}, {@code -not},
 * {@code a | b}, {@code pref*}; all words must match; at most 500 characters) over an incident's title or a post's
 * text; {@code kind} {@code incidents} (default) or {@code posts}; {@code station} a station id; {@code city};
 * {@code category}; {@code lang} ({@code en}, {@code ur}, {@code ur-Latn}, …); {@code status} a triage status
 * (incidents only); {@code assignee} a user name (incidents only); {@code min}/{@code max} priority 0..100,
 * inclusive; {@code video=true}; {@code from}/{@code to} a date ({@code 2024-05-31}, whole days, UTC) or an ISO time,
 * inclusive, on an incident's last post or a post's time; {@code sort} {@code priority} (default), {@code recent} or
 * {@code reach} (views); {@code page} 0-based, 20 hits a page, the last page is 499 (Elasticsearch reads no further
 * than the 10,000th hit; a higher page is lowered with a notice).
 *
 * <h2>{@code GET /api/search}</h2>
 * 200:
 * <pre>{@code
 * {"kind": "incidents", "total": 42, "page": 0, "per_page": 20,
 *  "query": {"q": "lathi", "station": "khi-preedy"},          // the parameters in effect, as a link carries them
 *  "notices": ["..."],                                        // what was changed or not applied, else []
 *  "hits": [{"id": "inc-…", "url": "/incidents/inc-…",
 *            "title": "plain text", "title_html": "escaped text with <mark>matches</mark>",
 *            "stations": [{"id", "name", "city"}], "city", "category", "priority": {"score": 81, "band": "P1"},
 *            "post_count", "status", "assignee", "last_seen", "has_video", "views", "langs": ["en"]}],
 *  "facets": {"station": [{"key": "khi-preedy", "count": 7}], "city": […], "category": […], "lang": […],
 *             "status": […], "video": [{"key": "true", "count": 3}]}}
 * }</pre>
 * With {@code kind=posts} a hit is {@code {"incident_id", "incident_url", "snippet", "snippet_html", "lang", "time",
 * "stations", "city", "category", "priority", "has_video", "views"}} and there is no status facet. A post's author
 * and URL are never part of a search answer (reveal them on the incident). {@code snippet} and {@code title} are
 * at most 300 characters. Each facet counts the hits under every filter except its own. 400 on a bad parameter:
 * {@code {"error": "min (priority) must be a whole number from 0 to 100, was 'abc'", "parameter": "min"}}.
 */
public final class SearchRoutes implements Routes {

    private final Searcher searcher;
    private final Stations stations;
    private final Pages pages;

    public SearchRoutes(Searcher searcher, Stations stations, Pages pages) {
        this.searcher = searcher;
        this.stations = stations;
        this.pages = pages;
    }

    @Override
    public void register(JavalinDefaultRoutingApi r) {
        r.get("/search", this::page);
        r.get("/api/search", this::api);
    }

    private void page(Context ctx) {
        Map<String, List<String>> params = Map.of();
        SearchView view;
        try {
            params = params(ctx);
            SearchQuery q = SearchQuery.parse(params);
            view = SearchView.of(q, searcher.search(q, Guard.session(ctx).user()), stations);
        } catch (SearchQuery.BadParameter e) {
            ctx.status(400);
            view = SearchView.refused(params, e.getMessage(), stations);
        } catch (Searcher.WallTooLarge e) {
            ctx.status(409);
            view = SearchView.refused(params, e.getMessage(), stations);
        }
        pages.render(ctx, "search.jte", Map.of("view", view));
    }

    private void api(Context ctx) throws JsonProcessingException {
        ObjectNode body;
        try {
            SearchQuery q = SearchQuery.parse(params(ctx));
            body = SearchJson.of(q, searcher.search(q, Guard.session(ctx).user()));
        } catch (SearchQuery.BadParameter e) {
            ctx.status(400);
            body = SearchJson.error(e.getMessage(), e.parameter());
        } catch (Searcher.WallTooLarge e) {
            ctx.status(409);
            body = SearchJson.error(e.getMessage(), null);
        }
        ctx.contentType("application/json").result(Es.JSON.writeValueAsString(body));
    }

    private static Map<String, List<String>> params(Context ctx) {
        try {
            return ctx.queryParamMap();
        } catch (IllegalArgumentException e) {
            throw new SearchQuery.BadParameter(null, "The address is not properly encoded (a stray % perhaps).");
        }
    }
}
