package org.nigrani.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.nigrani.console.auth.User;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/**
 * The audit trail: every view of an incident, reveal, change and export is appended to the {@code audit} index
 * (op_type create, ids chosen by Elasticsearch). Nothing in the console updates or deletes in it.
 */
public final class AuditLog {

    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login_failed";
    public static final String LOGOUT = "logout";
    public static final String VIEW_INCIDENT = "view_incident";
    public static final String REVEAL_AUTHORS = "reveal_authors";
    public static final String TRIAGE = "triage_change";
    public static final String NOTE = "note_added";
    public static final String FEEDBACK = "feedback";
    public static final String EXPORT = "export";
    /** An evidence item's bytes served (target: its SHA-256). */
    public static final String EVIDENCE_VIEW = "evidence_view";
    public static final String USER_ADDED = "user_added";
    public static final String WALL_CHANGED = "wall_changed";
    public static final String PASSWORD_SET = "password_set";

    /** One entry to append. {@code before}/{@code after} are any JSON (or null). */
    public record Entry(String action, String incidentId, String target, String reason, JsonNode before, JsonNode after) {
        public static Entry of(String action, String incidentId) {
            return new Entry(action, incidentId, null, null, null, null);
        }
    }

    /** What a supervisor filters the trail by; null fields do not filter. */
    public record Filter(String user, String action, String incidentId, String from, String to, int page) {}

    private final Es es;
    private final Clock clock;

    public AuditLog(Es es, Clock clock) {
        this.es = es;
        this.clock = clock;
    }

    /** Appends {@code entry} for {@code user} (null before login: the attempted name goes in {@code target}). */
    public void record(User user, String role, String ip, Entry entry) {
        ObjectNode doc = Es.JSON.createObjectNode();
        doc.put("@timestamp", clock.instant().toString());
        doc.put("user", user == null ? null : user.username());
        doc.put("role", user == null ? role : user.role().key());
        doc.put("action", entry.action());
        doc.put("incident_id", entry.incidentId());
        doc.put("target", entry.target());
        doc.put("reason", entry.reason());
        if (entry.before() != null) {
            doc.set("before", wrap(entry.before()));
        }
        if (entry.after() != null) {
            doc.set("after", wrap(entry.after()));
        }
        doc.put("ip", ip);
        es.append(Indices.AUDIT, doc, Es.Refresh.NONE);
    }

    /** Newest first, 50 a page. */
    public List<JsonNode> read(Filter f) {
        es.refresh(Indices.AUDIT);
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 50);
        q.put("from", Math.max(0, f.page()) * 50);
        q.putArray("sort").addObject().put("@timestamp", "desc");
        ArrayNode filter = q.putObject("query").putObject("bool").putArray("filter");
        term(filter, "user", f.user());
        term(filter, "action", f.action());
        term(filter, "incident_id", f.incidentId());
        if (f.from() != null || f.to() != null) {
            ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
            if (f.from() != null) {
                range.put("gte", f.from());
            }
            if (f.to() != null) {
                range.put("lte", f.to());
            }
        }
        List<JsonNode> out = new ArrayList<>();
        es.search(Indices.AUDIT, q).path("hits").path("hits").forEach(h -> out.add(h.path("_source")));
        return out;
    }

    private static void term(ArrayNode filter, String field, String value) {
        if (value != null && !value.isBlank()) {
            filter.addObject().putObject("term").put(field, value.strip());
        }
    }

    /** A value that is not an object is stored as {@code {"value": …}}: the mapping keeps before/after objects. */
    private static JsonNode wrap(JsonNode v) {
        if (v.isObject()) {
            return v;
        }
        ObjectNode o = Es.JSON.createObjectNode();
        o.set("value", v);
        return o;
    }
}
