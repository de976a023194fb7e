package org.nigrani.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Walls;
import org.nigrani.console.stations.Stations;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/**
 * What the dashboard shows, read from Elasticsearch for one user: flagged incidents per day by station and by
 * category, the open incidents with the highest priority, and the alerts sent. Nothing about a station the user is
 * walled off from gets into any of it: the walls are part of every query.
 */
public final class Dashboard {

    public static final int TOP_STATIONS = 8;
    public static final int TOP_CATEGORIES = 8;
    public static final int TOP_INCIDENTS = 10;
    public static final int RECENT_ALERTS = 10;
    public static final int DEFAULT_DAYS = 30;
    static final int TITLE_CHARS = 160;

    private static final String FIRST_SEEN = "nigrani.incident.first_seen";
    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final java.util.regex.Pattern HANDLE = java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}_@])@[A-Za-z0-9_]{1,30}");
    /** The fields an alert document names stations in: the incidents' stations and the recipient station. */
    private static final List<String> ALERT_STATION_FIELDS = List.of("incidents.stations", "recipients.station_id");

    /** Incidents per day for one station or category. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Series(String key, String label, long total, List<Long> perDay) {}

    /** Days (oldest first) and a series per station or category, largest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Timeline(List<String> days, List<Series> series) {}

    /** An open incident near the top of the priority list; {@code title} is a stranger's words, cut short. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TopIncident(String id, String title, int score, String band, String stations, String category,
            long posts, String lastSeen, String status) {
        /** The incident page's path, the id encoded as one path segment. */
        public String href() {
            return "/incidents/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /** One alert as the outbox recorded it; {@code time} is when it went out, or was queued if it has not. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RecentAlert(String kind, String channel, String recipient, String subject, String status, String time) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alerts(long total, Map<String, Long> byStatus, Map<String, Long> byKind, List<RecentAlert> recent) {}

    /**
     * @param from first day of the charts (UTC)
     * @param to last day: the day of the newest incident, so a replay of old posts still shows
     * @param incidents incidents first seen in the window
     * @param withoutStation of those, the ones that name no station (not in the station chart)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record View(String from, String to, int days, long incidents, long withoutStation, Timeline byStation,
            Timeline byCategory, List<TopIncident> topIncidents, Alerts alerts) {}

    private final Es es;
    private final Stations stations;

    public Dashboard(Es es, Stations stations) {
        this.es = es;
        this.stations = stations;
    }

    public View read(User user, int days) {
        LocalDate to = newestDay(user);
        LocalDate from = to.minusDays(days - 1L);
        List<String> dayKeys = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            dayKeys.add(d.toString());
        }

        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 0);
        q.put("track_total_hits", true);
        ObjectNode bool = q.putObject("query").putObject("bool");
        ObjectNode range = bool.putArray("filter").addObject().putObject("range").putObject(FIRST_SEEN);
        range.put("gte", from.toString());
        range.put("lt", to.plusDays(1).toString());
        range.put("format", "yyyy-MM-dd");
        Walls.exclude(bool, user);
        ObjectNode aggs = q.putObject("aggs");
        perDay(terms(aggs, "stations", Walls.STATION_FIELD, TOP_STATIONS), from, to);
        perDay(terms(aggs, "categories", "nigrani.category", TOP_CATEGORIES), from, to);
        aggs.putObject("no_station").putObject("missing").put("field", Walls.STATION_FIELD);
        JsonNode r = es.search(Indices.INCIDENTS, q);

        Timeline byStation = timeline(r.at("/aggregations/stations/buckets"), dayKeys, stations::name);
        Timeline byCategory = timeline(r.at("/aggregations/categories/buckets"), dayKeys, Dashboard::words);
        return new View(from.toString(), to.toString(), days, r.at("/hits/total/value").asLong(),
                r.at("/aggregations/no_station/doc_count").asLong(), byStation, byCategory, topIncidents(user), alerts(user));
    }

    /** The UTC day of the newest incident the user may see; today when there is none. */
    private LocalDate newestDay(User user) {
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 0);
        ObjectNode bool = q.putObject("query").putObject("bool");
        bool.putArray("filter").addObject().putObject("exists").put("field", FIRST_SEEN);
        Walls.exclude(bool, user);
        q.putObject("aggs").putObject("newest").putObject("max").put("field", FIRST_SEEN);
        JsonNode newest = es.search(Indices.INCIDENTS, q).at("/aggregations/newest/value_as_string");
        if (newest.isTextual()) {
            try {
                return Instant.parse(newest.asText()).atZone(ZoneOffset.UTC).toLocalDate();
            } catch (DateTimeParseException e) {
                // fall through: an odd date format must not take the dashboard down
            }
        }
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static ObjectNode terms(ObjectNode aggs, String name, String field, int size) {
        ObjectNode agg = aggs.putObject(name);
        agg.putObject("terms").put("field", field).put("size", size);
        return agg;
    }

    private static void perDay(ObjectNode agg, LocalDate from, LocalDate to) {
        ObjectNode h = agg.putObject("aggs").putObject("days").putObject("date_histogram");
        h.put("field", FIRST_SEEN);
        h.put("calendar_interval", "1d");
        h.put("format", "yyyy-MM-dd");
        h.put("min_doc_count", 0);
        ObjectNode bounds = h.putObject("extended_bounds");
        bounds.put("min", from.toString());
        bounds.put("max", to.toString());
    }

    private static Timeline timeline(JsonNode buckets, List<String> days, java.util.function.UnaryOperator<String> label) {
        List<Series> series = new ArrayList<>();
        for (JsonNode b : buckets) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (JsonNode d : b.at("/days/buckets")) {
                counts.put(d.path("key_as_string").asText(), d.path("doc_count").asLong());
            }
            List<Long> perDay = days.stream().map(d -> counts.getOrDefault(d, 0L)).toList();
            String key = b.path("key").asText();
            series.add(new Series(key, label.apply(key), b.path("doc_count").asLong(), perDay));
        }
        return new Timeline(days, series);
    }

    /** Open incidents (not dismissed or closed), highest priority first, the most recent first among equals. */
    private List<TopIncident> topIncidents(User user) {
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", TOP_INCIDENTS);
        ObjectNode bool = q.putObject("query").putObject("bool");
        ArrayNode closed = bool.putArray("must_not").addObject().putObject("terms").putArray("nigrani.triage.status");
        closed.add("dismissed").add("closed");
        Walls.exclude(bool, user);
        ArrayNode sort = q.putArray("sort");
        sort.addObject().putObject("nigrani.priority.score").put("order", "desc").put("missing", "_last");
        sort.addObject().putObject("nigrani.incident.last_seen").put("order", "desc").put("missing", "_last");
        ArrayNode source = q.putArray("_source");
        for (String f : List.of("nigrani.incident.id", "nigrani.incident.post_count", "nigrani.incident.last_seen",
                "nigrani.title", "nigrani.stations", "nigrani.category", "nigrani.priority.score", "nigrani.priority.band",
                "nigrani.triage.status")) {
            source.add(f);
        }
        List<TopIncident> out = new ArrayList<>();
        for (JsonNode hit : es.search(Indices.INCIDENTS, q).at("/hits/hits")) {
            JsonNode n = hit.at("/_source/nigrani");
            List<String> names = new ArrayList<>();
            n.path("stations").forEach(s -> names.add(s.path("name").asText(s.path("id").asText())));
            String title = n.path("title").asText("");
            out.add(new TopIncident(hit.path("_id").asText(), title.isBlank() ? "(untitled)" : cut(masked(title), TITLE_CHARS),
                    n.at("/priority/score").asInt(), n.at("/priority/band").asText(""),
                    names.isEmpty() ? "station unresolved" : String.join(" / ", names), words(n.path("category").asText("")),
                    n.at("/incident/post_count").asLong(), minutes(n.at("/incident/last_seen").asText("")),
                    n.at("/triage/status").asText("new")));
        }
        return out;
    }

    private Alerts alerts(User user) {
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", RECENT_ALERTS);
        q.put("track_total_hits", true);
        q.putObject("_source").putArray("excludes").add("body");
        q.putArray("sort").addObject().putObject("alert.created").put("order", "desc").put("missing", "_last");
        ObjectNode bool = q.putObject("query").putObject("bool");
        bool.putArray("filter").addObject().putObject("match_all");
        if (!user.walledStations().isEmpty()) {
            ArrayNode mustNot = bool.putArray("must_not");
            for (String field : ALERT_STATION_FIELDS) {
                ArrayNode ids = mustNot.addObject().putObject("terms").putArray(field);
                user.walledStations().stream().sorted().forEach(ids::add);
            }
        }
        ObjectNode aggs = q.putObject("aggs");
        aggs.putObject("status").putObject("terms").put("field", "alert.status").put("size", 20);
        aggs.putObject("kind").putObject("terms").put("field", "alert.kind").put("size", 20);
        JsonNode r = es.search(Indices.ALERTS, q);
        List<RecentAlert> recent = new ArrayList<>();
        for (JsonNode hit : r.at("/hits/hits")) {
            JsonNode s = hit.path("_source");
            JsonNode a = s.path("alert");
            String when = a.path("sent_at").asText(a.path("created").asText(""));
            recent.add(new RecentAlert(a.path("kind").asText(""), a.path("channel").asText(""),
                    cut(s.at("/recipients/0/name").asText(""), 120), cut(a.path("subject").asText(""), 300),
                    a.path("status").asText(""), minutes(when)));
        }
        return new Alerts(r.at("/hits/total/value").asLong(), counts(r.at("/aggregations/status/buckets")),
                counts(r.at("/aggregations/kind/buckets")), recent);
    }

    private static Map<String, Long> counts(JsonNode buckets) {
        Map<String, Long> out = new LinkedHashMap<>();
        buckets.forEach(b -> out.put(b.path("key").asText(), b.path("doc_count").asLong()));
        return out;
    }

    /** {@code police_violence} → {@code police violence}. */
    static String words(String key) {
        return key.replace('_', ' ');
    }

    /** An ISO instant to the minute, {@code 2023-11-02 14:05}; anything else as it is. */
    static String minutes(String iso) {
        return iso.length() >= 16 && iso.charAt(10) == 'T' ? iso.substring(0, 10) + " " + iso.substring(11, 16) : iso;
    }

    /**
     * A title (a post's opening words) without its links and handles: a post's link names its author, and a list is no
     * place to reveal witnesses (the incident page does that, with a reason).
     */
    static String masked(String title) {
        return HANDLE.matcher(LINK.matcher(title).replaceAll("[link]")).replaceAll("@…");
    }

    /** At most {@code max} characters, the last an ellipsis when cut, never half of a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
