package org.nigrani.console.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Users;
import org.nigrani.console.auth.Walls;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/**
 * Runs searches for a signed-in user, behind their walls as they are now (read from the account, not the session,
 * so a wall added by an administrator holds from the next search on).
 */
public final class Searcher {

    /** Elasticsearch's default index.max_terms_count: more incident ids than this cannot be excluded in one query. */
    static final int MAX_WALLED_INCIDENTS = 65_536;

    /** The search cannot keep a user's walls; nothing is shown rather than something walled. */
    public static final class WallTooLarge extends RuntimeException {
        WallTooLarge(String message) {
            super(message);
        }
    }

    private final Es es;
    private final Users users;

    public Searcher(Es es, Users users) {
        this.es = es;
        this.users = users;
    }

    public SearchResults search(SearchQuery q, User sessionUser) {
        User user = current(sessionUser);
        Set<String> walledIncidents = q.kind() == Kind.POSTS ? walledIncidents(user) : Set.of();
        JsonNode response = es.search(q.kind().index(), SearchBody.of(q, user, walledIncidents));
        return SearchResults.from(q.kind(), response);
    }

    /** The session's user with the walls of their account now added (never fewer walls than at sign-in). */
    User current(User sessionUser) {
        Set<String> walls = new HashSet<>(sessionUser.walledStations());
        users.find(sessionUser.username()).ifPresent(u -> walls.addAll(u.walledStations()));
        return new User(sessionUser.username(), sessionUser.passwordHash(), sessionUser.role(), walls, sessionUser.disabled());
    }

    /**
     * The incidents behind the user's walls. A post is excluded by its own stations, but its incident may also name
     * a walled station that the post does not; its text and link would show a walled incident, so it goes too.
     */
    Set<String> walledIncidents(User user) {
        if (user.walledStations().isEmpty()) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        JsonNode after = null;
        while (true) {
            ObjectNode body = Es.JSON.createObjectNode();
            body.put("size", 10_000);
            body.put("_source", false);
            body.put("track_total_hits", false);
            ArrayNode stations = body.putObject("query").putObject("bool").putArray("filter").addObject().putObject("terms")
                    .putArray(Walls.STATION_FIELD);
            user.walledStations().stream().sorted().forEach(stations::add);
            body.putArray("sort").addObject().put("nigrani.incident.id", "asc");
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode hits = es.search(Indices.INCIDENTS, body).path("hits").path("hits");
            List<String> page = new ArrayList<>();
            for (JsonNode h : hits) {
                page.add(h.path("_id").asText());
                // The sort value is the incident id field, which posts refer to; the job makes it the _id as well.
                JsonNode id = h.path("sort").path(0);
                if (id.isTextual()) {
                    ids.add(id.asText());
                }
            }
            ids.addAll(page);
            if (ids.size() > MAX_WALLED_INCIDENTS) {
                throw new WallTooLarge("More than " + MAX_WALLED_INCIDENTS + " incidents are behind this account's walls; "
                        + "posts cannot be searched while keeping them out. Search incidents instead.");
            }
            if (page.size() < 10_000) {
                return ids;
            }
            after = hits.get(hits.size() - 1).path("sort");
        }
    }
}
