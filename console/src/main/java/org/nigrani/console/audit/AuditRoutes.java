package org.nigrani.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Walls;
import org.nigrani.console.store.Es;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;
import org.nigrani.console.web.Routes;
import org.nigrani.elastic.schema.Indices;

/**
 * {@code GET /audit} and {@code GET /api/audit}: the audit trail for supervisors and admins ({@link Guard} checks the
 * role), newest first, 50 a page, filtered by user, action, incident and time. Read only: no route of the console
 * writes, changes or deletes audit entries; only the console's own {@link AuditLog#record} appends.
 *
 * <p>Entries about an incident the reader is walled off from keep their who, what and when, but lose the incident
 * id, reason and values: a supervisor walled off from a station must not read about its incidents here either.
 */
public final class AuditRoutes implements Routes {

    static final int MAX_PAGE = 199; // Elasticsearch pages through 10,000 hits at most
    private static final int JSON_CHARS = 400;
    private static final Pattern BIDI_CONTROLS = Pattern.compile("[\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");

    /** The filter as typed, for the form; {@code error} when a part could not be read. */
    public record Form(String user, String action, String incident, String from, String to, int page, String error) {
        /** The query string for another page with the same filter. */
        public String pageQuery(int other) {
            StringBuilder q = new StringBuilder("?");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("user", user);
            params.put("action", action);
            params.put("incident", incident);
            params.put("from", from);
            params.put("to", to);
            params.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    q.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
                }
            });
            return q.append("page=").append(other).toString();
        }
    }

    /** One entry as shown; {@code walled} entries have no incident, reason or values. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(String time, String user, String role, String action, String incidentId, String target,
            String reason, String ip, String before, String after, boolean walled) {
        /** {@code 2024-05-31 14:03:07} (UTC): the stored time to the second. */
        public String shownTime() {
            return time != null && time.length() >= 19 && time.charAt(10) == 'T'
                    ? time.substring(0, 10) + " " + time.substring(11, 19) : time;
        }

        public String incidentHref() {
            return incidentId == null ? null
                    : "/incidents/" + URLEncoder.encode(incidentId, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    public record Page(Form form, List<Row> rows, boolean hasNext, List<String> actions) {}

    private final AuditLog audit;
    private final Es es;
    private final Pages pages;

    public AuditRoutes(AuditLog audit, Es es, Pages pages) {
        this.audit = audit;
        this.es = es;
        this.pages = pages;
    }

    @Override
    public void register(JavalinDefaultRoutingApi r) {
        r.get("/audit", ctx -> {
            Page page = page(ctx);
            ctx.status(page.form().error() == null ? 200 : 400);
            pages.render(ctx, "audit.jte", Map.of("view", page));
        });
        r.get("/api/audit", ctx -> {
            Page page = page(ctx);
            if (page.form().error() != null) {
                ctx.status(400).json(Map.of("error", page.form().error()));
                return;
            }
            ctx.json(Map.of("page", page.form().page(), "next", page.hasNext(), "entries", page.rows()));
        });
    }

    private Page page(Context ctx) {
        Form form = form(ctx);
        List<String> actions = actions();
        if (form.error() != null) {
            return new Page(form, List.of(), false, actions);
        }
        List<JsonNode> entries = audit.read(new AuditLog.Filter(blankToNull(form.user()), blankToNull(form.action()),
                blankToNull(form.incident()), from(form.from()), to(form.to()), form.page()));
        Set<String> walled = walledIncidents(Guard.session(ctx).user(), entries);
        List<Row> rows = new ArrayList<>();
        for (JsonNode e : entries) {
            String incident = text(e, "incident_id");
            boolean hide = incident != null && walled.contains(incident);
            rows.add(new Row(text(e, "@timestamp"), text(e, "user"), text(e, "role"), text(e, "action"),
                    hide ? null : incident, text(e, "target"), hide ? null : cut(text(e, "reason")), text(e, "ip"),
                    hide ? null : json(e.get("before")), hide ? null : json(e.get("after")), hide));
        }
        return new Page(form, rows, entries.size() == 50 && form.page() < MAX_PAGE, actions);
    }

    static Form form(Context ctx) {
        String user = param(ctx, "user", 64);
        String action = param(ctx, "action", 64);
        String incident = param(ctx, "incident", 200);
        String from = param(ctx, "from", 40);
        String to = param(ctx, "to", 40);
        String pageText = param(ctx, "page", 10);
        String error = null;
        int page = 0;
        if (!pageText.isEmpty()) {
            if (pageText.matches("\\d{1,3}") && Integer.parseInt(pageText) <= MAX_PAGE) {
                page = Integer.parseInt(pageText);
            } else {
                error = "page must be a number from 0 to " + MAX_PAGE;
            }
        }
        for (String[] date : new String[][] {{"from", from}, {"to", to}}) {
            if (!date[1].isEmpty() && !validTime(date[1])) {
                error = date[0] + " must be a date (2024-05-31) or a time (2024-05-31T14:00:00Z)";
            }
        }
        return new Form(user, action, incident, from, to, page, error);
    }

    private static String param(Context ctx, String name, int max) {
        String v = ctx.queryParam(name);
        v = v == null ? "" : v.strip();
        return v.length() > max ? v.substring(0, max) : v;
    }

    private static boolean validTime(String s) {
        try {
            if (s.length() == 10) {
                LocalDate.parse(s);
            } else {
                Instant.parse(s);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** A date means from its first millisecond (UTC). */
    private static String from(String s) {
        return s.isEmpty() ? null : s.length() == 10 ? s + "T00:00:00.000Z" : s;
    }

    /** A date means up to its last millisecond (UTC): "to 31 May" includes 31 May. */
    private static String to(String s) {
        return s.isEmpty() ? null : s.length() == 10 ? s + "T23:59:59.999Z" : s;
    }

    /** The actions the trail holds, for the filter's choices. */
    private List<String> actions() {
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 0);
        q.putObject("aggs").putObject("actions").putObject("terms").put("field", "action").put("size", 100);
        Set<String> out = new TreeSet<>();
        es.search(Indices.AUDIT, q).at("/aggregations/actions/buckets").forEach(b -> out.add(b.path("key").asText()));
        return List.copyOf(out);
    }

    /** Of the incidents these entries name, those about a station {@code user} is walled off from. */
    private Set<String> walledIncidents(User user, List<JsonNode> entries) {
        Set<String> ids = new HashSet<>();
        entries.forEach(e -> {
            String id = text(e, "incident_id");
            if (id != null) {
                ids.add(id);
            }
        });
        if (user.walledStations().isEmpty() || ids.isEmpty()) {
            return Set.of();
        }
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", ids.size());
        q.put("_source", false);
        ObjectNode bool = q.putObject("query").putObject("bool");
        ArrayNode idList = bool.putArray("filter").addObject().putObject("ids").putArray("values");
        ids.forEach(idList::add);
        ArrayNode stations = bool.putArray("should").addObject().putObject("terms").putArray(Walls.STATION_FIELD);
        user.walledStations().forEach(stations::add);
        bool.put("minimum_should_match", 1);
        Set<String> walled = new HashSet<>();
        es.search(Indices.INCIDENTS, q).at("/hits/hits").forEach(h -> walled.add(h.path("_id").asText()));
        return walled;
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String json(JsonNode v) {
        return v == null || v.isNull() ? null : cut(visibleBidiControls(v.toString()));
    }

    /**
     * Bidirectional controls in a value (a note is a stranger's words, pasted), written as the JSON escapes they are
     * equal to: raw, a right-to-left override would turn the rest of the dump, its own quotes and braces, around.
     */
    static String visibleBidiControls(String json) {
        return BIDI_CONTROLS.matcher(json)
                .replaceAll(m -> Matcher.quoteReplacement(String.format("\\u%04x", (int) m.group().charAt(0))));
    }

    private static String cut(String s) {
        return s == null || s.length() <= JSON_CHARS ? s : s.substring(0, JSON_CHARS - 1) + "…";
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
