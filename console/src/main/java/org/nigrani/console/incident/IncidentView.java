package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An incident document as the page and the API show it: what the job derived from its posts. */
public record IncidentView(String id, String kind, String title, Integer score, String band, List<Component> components,
        String category, List<Count> categories, List<Station> stations, String city, List<Count> officers,
        Integer officerTotal, List<String> victims, List<String> langs, String firstSeen, String lastSeen, Long postCount,
        boolean hasVideo, MediaView media, Double maxScore, Reach reach, List<ReachPoint> reachHistory, String asOf) {

    public IncidentView {
        components = List.copyOf(components);
        categories = List.copyOf(categories);
        stations = List.copyOf(stations);
        officers = List.copyOf(officers);
        victims = List.copyOf(victims);
        langs = List.copyOf(langs);
        reachHistory = List.copyOf(reachHistory);
    }

    /** One part of the priority score, 0 to 1. */
    public record Component(String name, double value) {
        public String text() {
            return String.format(Locale.ROOT, "%.2f", value);
        }
    }

    public record Count(String name, int count) {}

    public record Station(String id, String name, String city) {}

    public record Reach(Long views, Long reposts, Long viewsPerHour, Long recentViewsPerHour, String trend, Integer gonePosts) {}

    public record ReachPoint(String at, long views) {}

    /** The components in the order the priority formula lists them. */
    static final List<String> COMPONENTS = List.of("confidence", "severity", "video", "reach", "growth", "recency");

    static IncidentView of(String id, JsonNode source) {
        JsonNode n = source.path("nigrani");
        JsonNode p = n.path("priority");
        List<Component> components = new ArrayList<>();
        for (String c : COMPONENTS) {
            JsonNode v = p.path("components").path(c);
            if (v.isNumber()) {
                components.add(new Component(c, v.asDouble()));
            }
        }
        List<Count> categories = new ArrayList<>();
        n.path("categories").forEach(c -> categories.add(new Count(c.path("name").asText(), c.path("posts").asInt())));
        List<Station> stations = new ArrayList<>();
        n.path("stations").forEach(s -> stations.add(new Station(MediaView.text(s.path("id")), MediaView.text(s.path("name")),
                MediaView.text(s.path("city")))));
        List<Count> officers = new ArrayList<>();
        n.path("officers").forEach(o -> officers.add(new Count(o.path("rank").asText(), o.path("count").asInt())));
        JsonNode r = n.path("reach");
        List<ReachPoint> history = new ArrayList<>();
        r.path("history").forEach(h -> history.add(new ReachPoint(h.path("at").asText(), h.path("views").asLong())));
        JsonNode inc = n.path("incident");
        return new IncidentView(id, MediaView.text(inc.path("kind")), MediaView.text(n.path("title")),
                p.path("score").isNumber() ? p.path("score").asInt() : null, MediaView.text(p.path("band")), components,
                MediaView.text(n.path("category")), categories, stations, MediaView.text(n.path("city")), officers,
                n.path("officer_total").isNumber() ? n.path("officer_total").asInt() : null, strings(n.path("victims")),
                strings(n.path("langs")), MediaView.text(inc.path("first_seen")), MediaView.text(inc.path("last_seen")),
                inc.path("post_count").isNumber() ? inc.path("post_count").asLong() : null, n.path("has_video").asBoolean(),
                n.path("media").isObject() ? MediaView.of(n.path("media"), "views") : null,
                n.path("max_score").isNumber() ? n.path("max_score").asDouble() : null,
                new Reach(longOrNull(r.path("views")), longOrNull(r.path("reposts")), longOrNull(r.path("views_per_hour")),
                        longOrNull(r.path("recent_views_per_hour")), MediaView.text(r.path("trend")),
                        r.path("gone_posts").isNumber() ? r.path("gone_posts").asInt() : null),
                history, MediaView.text(inc.path("as_of")));
    }

    /** The station ids, for the walls. */
    List<String> stationIds() {
        return stations.stream().map(Station::id).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        } else if (array.isTextual()) {
            out.add(array.asText());
        }
        return out;
    }

    private static Long longOrNull(JsonNode n) {
        return n.isNumber() ? n.asLong() : null;
    }
}
