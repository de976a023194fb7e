package org.nigrani.console.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a search found: the total, one page of hits (incidents or posts) and the facet counts. Built from the fields
 * {@link Kind#sourceFields()} fetched, so a post hit cannot carry its author or URL.
 */
public record SearchResults(Kind kind, long total, List<IncidentHit> incidents, List<PostHit> posts,
        Map<String, List<Bucket>> facets) {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public record Bucket(String key, long count) {}

    public record StationRef(String id, String name, String city) {
        /** The name where known, else the id. */
        public String label() {
            return name == null || name.isBlank() ? id : name;
        }
    }

    /** One incident as a result row; {@code title} is its (marked, cut) title. */
    public record IncidentHit(String id, Snippet title, List<StationRef> stations, String city, String category,
            Integer priority, String band, long postCount, String status, String assignee, String lastSeen,
            boolean video, long views, List<String> langs) {
        public String lastSeenShown() {
            return shown(lastSeen);
        }
    }

    /** One flagged post as a result row: its text, never its author or URL. */
    public record PostHit(String incidentId, Snippet text, String lang, String time, List<StationRef> stations,
            String city, String category, Integer priority, String band, boolean video, long views) {
        public String timeShown() {
            return shown(time);
        }
    }

    public SearchResults {
        incidents = List.copyOf(incidents);
        posts = List.copyOf(posts);
        facets = Map.copyOf(facets);
    }

    public int size() {
        return kind == Kind.INCIDENTS ? incidents.size() : posts.size();
    }

    public List<Bucket> facet(String name) {
        return facets.getOrDefault(name, List.of());
    }

    /** Reads an Elasticsearch response to a {@link SearchBody} request. */
    public static SearchResults from(Kind kind, JsonNode response) {
        JsonNode hits = response.path("hits");
        long total = hits.path("total").path("value").asLong();
        List<IncidentHit> incidents = new ArrayList<>();
        List<PostHit> posts = new ArrayList<>();
        for (JsonNode hit : hits.path("hits")) {
            JsonNode src = hit.path("_source");
            JsonNode n = src.path("nigrani");
            Snippet text = snippet(hit.path("highlight").path(kind.textField()));
            if (kind == Kind.INCIDENTS) {
                if (text.isEmpty()) {
                    text = Snippet.plain(text(n.path("title")), SearchBody.SNIPPET_CHARS);
                }
                JsonNode inc = n.path("incident");
                String id = text(inc.path("id"));
                incidents.add(new IncidentHit(id == null ? hit.path("_id").asText() : id, text, stations(n), text(n.path("city")),
                        text(n.path("category")), number(n.path("priority").path("score")), text(n.path("priority").path("band")),
                        inc.path("post_count").asLong(), text(n.path("triage").path("status")),
                        text(n.path("triage").path("assignee")), text(inc.path("last_seen")), n.path("has_video").asBoolean(),
                        n.path("reach").path("views").asLong(), strings(n.path("langs"))));
            } else {
                posts.add(new PostHit(text(n.path("incident").path("id")), text, text(n.path("lang")), text(src.path("@timestamp")),
                        stations(n), text(n.path("city")), text(n.path("classifier").path("category")),
                        number(n.path("priority").path("score")), text(n.path("priority").path("band")),
                        n.path("has_video").asBoolean(), n.path("metrics").path("views").asLong()));
            }
        }
        Map<String, List<Bucket>> facets = new LinkedHashMap<>();
        JsonNode aggs = response.path("aggregations");
        for (String facet : SearchBody.FACETS) {
            if (!aggs.has(facet)) {
                continue;
            }
            List<Bucket> buckets = new ArrayList<>();
            for (JsonNode b : aggs.path(facet).path("keys").path("buckets")) {
                String key = b.has("key_as_string") ? b.path("key_as_string").asText() : b.path("key").asText();
                buckets.add(new Bucket(key, b.path("doc_count").asLong()));
            }
            facets.put(facet, buckets);
        }
        return new SearchResults(kind, total, incidents, posts, facets);
    }

    private static Snippet snippet(JsonNode fragments) {
        List<String> list = new ArrayList<>();
        fragments.forEach(f -> list.add(f.asText()));
        return Snippet.ofFragments(list, SearchBody.SNIPPET_CHARS);
    }

    private static List<StationRef> stations(JsonNode n) {
        List<StationRef> out = new ArrayList<>();
        JsonNode stations = n.path("stations");
        // An object where there was one station, an array where there were several: both are valid _source.
        for (JsonNode s : stations.isArray() ? stations : List.of(stations)) {
            if (s.isObject() && s.hasNonNull("id")) {
                out.add(new StationRef(s.path("id").asText(), text(s.path("name")), text(s.path("city"))));
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else if (n.isValueNode() && !n.isNull()) {
            out.add(n.asText());
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    private static Integer number(JsonNode n) {
        return n.isNumber() ? n.asInt() : null;
    }

    private static String shown(String time) {
        if (time == null) {
            return "";
        }
        try {
            return SHOWN.format(Instant.parse(time));
        } catch (RuntimeException e) {
            return time;
        }
    }
}
