package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.Session;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;
import org.nigrani.console.web.Routes;

/**
 * The incident room: the page, triage, notes, feedback, revealing authors and the case file, as forms and as the JSON
 * API under {@code /api/incidents/{id}…}. {@link Guard} has checked the session and the CSRF token; every route
 * here checks the user's walls through {@link IncidentReader} before anything else, and answers 404 for a walled-off
 * incident just as for a missing one. Every view, reveal, change and export is audited (a walled-off attempt too,
 * with target {@code refused_walled}).
 *
 * <p>The API (JSON bodies; a change needs the session's token in {@code X-CSRF-Token}, from {@code POST /api/login}
 * or {@code GET /api/session}):
 * <ul>
 *   <li>{@code GET /api/incidents/{id}?page=N}: {@code {incident, triage, posts: {total, page, pages, items}, alerts,
 *       authors_revealed}}; 50 posts a page, newest first; {@code author} and {@code url} read {@code "hidden"} until
 *       revealed. {@code triage} is {@code {status, assignee, updated, updated_by, notes, history, seq_no,
 *       primary_term}}.</li>
 *   <li>{@code POST /api/incidents/{id}/triage} {@code {status, assignee, seq_no, primary_term}} (the version from the
 *       triage read; null for an incident never triaged): 200 {@code {triage}}; 400 {@code {error}} for a status the
 *       workflow does not allow or an unknown assignee; 409 {@code {error, current: triage}} when someone changed it
 *       since. A field left out keeps its value.</li>
 *   <li>{@code POST /api/incidents/{id}/notes} {@code {text}}: 200 {@code {triage}}.</li>
 *   <li>{@code POST /api/incidents/{id}/feedback} {@code {post_id, kind, value}}, kind {@code not_misconduct},
 *       {@code wrong_category} (value: the right category) or {@code wrong_station} (value: the right station's
 *       short name): 200 {@code {feedback}}.</li>
 *   <li>{@code POST /api/incidents/{id}/reveal} {@code {reason}} (at least 10 characters): 200; the session's later
 *       answers about this incident carry authors and post URLs.</li>
 *   <li>{@code GET /api/incidents/{id}/export.json}, {@code …/export.csv}: the case file, as an attachment.</li>
 * </ul>
 * Errors are {@code {"error": "…"}} with 400, 403 (CSRF), 404 (no such incident for this user) or 409. An incident's
 * evidence items and its case bundle are {@link EvidenceRoutes}'.
 */
public final class IncidentRoutes implements Routes {

    /** Posts on the page are cut here; the case file has them whole. */
    static final int PAGE_TEXT_CHARS = 2_000;
    /** The API's page of posts cuts (and flags) texts here, so fifty posts of a megabyte each cannot make a 50 MB answer; the case file has them whole. */
    static final int API_TEXT_CHARS = 20_000;
    static final int MIN_REASON = 10;
    static final int MAX_REASON = 1_000;

    private static final Map<String, String> NOTICES = Map.of(
            "triage", "Triage saved.",
            "unchanged", "Nothing to save: status and assignee are as they were.",
            "note", "Note added.",
            "feedback", "Feedback recorded; it will be used when the classifier is next trained.",
            "reveal", "Authors are shown for this incident, in this session only. The reveal is in the audit trail.");

    private final IncidentReader reader;
    private final IncidentGate gate;
    private final TriageStore triage;
    private final FeedbackStore feedback;
    private final AuditLog audit;
    private final Users users;
    private final Pages pages;
    private final Clock clock;

    public IncidentRoutes(Es es, AuditLog audit, Users users, Pages pages, Clock clock) {
        this.reader = new IncidentReader(es);
        this.gate = new IncidentGate(reader, audit, pages);
        this.triage = new TriageStore(es, clock);
        this.feedback = new FeedbackStore(es, clock);
        this.audit = audit;
        this.users = users;
        this.pages = pages;
        this.clock = clock;
    }

    @Override
    public void register(JavalinDefaultRoutingApi r) {
        r.get("/incidents/{id}", ctx -> handle(ctx, AuditLog.VIEW_INCIDENT, found -> renderPage(ctx, found, 200, notice(ctx), null, null)));
        r.post("/incidents/{id}/triage", ctx -> form(ctx, AuditLog.TRIAGE, found -> changeTriage(ctx, found,
                ctx.formParam("status"), ctx.formParam("assignee"), ctx.formParam("seq_no"), ctx.formParam("primary_term"))
                .nothing() ? "unchanged" : "triage"));
        r.post("/incidents/{id}/notes", ctx -> form(ctx, AuditLog.NOTE, found -> {
            addNote(ctx, found, ctx.formParam("text"));
            return "note";
        }));
        r.post("/incidents/{id}/feedback", ctx -> form(ctx, AuditLog.FEEDBACK, found -> {
            addFeedback(ctx, found, ctx.formParam("post_id"), ctx.formParam("kind"), ctx.formParam("value"));
            return "feedback";
        }));
        r.post("/incidents/{id}/reveal", ctx -> form(ctx, AuditLog.REVEAL_AUTHORS, found -> {
            reveal(ctx, found, ctx.formParam("reason"));
            return "reveal";
        }));
        r.get("/incidents/{id}/export.json", ctx -> handle(ctx, AuditLog.EXPORT, found -> export(ctx, found, "json")));
        r.get("/incidents/{id}/export.csv", ctx -> handle(ctx, AuditLog.EXPORT, found -> export(ctx, found, "csv")));

        r.get("/api/incidents/{id}", ctx -> handle(ctx, AuditLog.VIEW_INCIDENT, found -> apiView(ctx, found)));
        r.post("/api/incidents/{id}/triage", ctx -> api(ctx, AuditLog.TRIAGE, (found, body) -> {
            // A field left out keeps its value; an empty or null assignee unassigns.
            Triage now = body.has("status") && body.has("assignee") ? null : triage.read(found.view().id(), found.source());
            Triage t = changeTriage(ctx, found, body.has("status") ? text(body, "status") : now.status().key(),
                    body.has("assignee") ? text(body, "assignee") : now.assignee(), text(body, "seq_no"),
                    text(body, "primary_term")).after();
            return Map.of("triage", triageJson(t));
        }));
        r.post("/api/incidents/{id}/notes", ctx -> api(ctx, AuditLog.NOTE, (found, body) ->
                Map.of("triage", triageJson(addNote(ctx, found, text(body, "text"))))));
        r.post("/api/incidents/{id}/feedback", ctx -> api(ctx, AuditLog.FEEDBACK, (found, body) ->
                Map.of("feedback", addFeedback(ctx, found, text(body, "post_id"), text(body, "kind"), text(body, "value")))));
        r.post("/api/incidents/{id}/reveal", ctx -> api(ctx, AuditLog.REVEAL_AUTHORS, (found, body) -> {
            reveal(ctx, found, text(body, "reason"));
            return Map.of("authors_revealed", true);
        }));
        r.get("/api/incidents/{id}/export.json", ctx -> handle(ctx, AuditLog.EXPORT, found -> export(ctx, found, "json")));
        r.get("/api/incidents/{id}/export.csv", ctx -> handle(ctx, AuditLog.EXPORT, found -> export(ctx, found, "csv")));
    }

    // ---- the page and the API's view ----

    private void renderPage(Context ctx, IncidentReader.Found found, int status, String notice, String error, TriageConflict conflict) {
        Session s = Guard.session(ctx);
        String id = found.view().id();
        boolean revealed = s.revealed(id);
        Triage t = conflict != null ? conflict.current() : triage.read(id, found.source());
        PostPage posts = reader.posts(id, s.user(), pageParam(ctx), revealed, PAGE_TEXT_CHARS);
        IncidentPage view = new IncidentPage(found.view(), t, posts, reader.alerts(id), ReachChart.of(found.view().reachHistory()),
                revealed, assignees(found.view()), notice, error, conflict == null ? null : conflict.message());
        gate.record(ctx, AuditLog.VIEW_INCIDENT, id, null, null, null, null);
        ctx.status(status);
        pages.render(ctx, "incident.jte", Map.of("view", view));
    }

    private void apiView(Context ctx, IncidentReader.Found found) {
        Session s = Guard.session(ctx);
        String id = found.view().id();
        boolean revealed = s.revealed(id);
        PostPage posts = reader.posts(id, s.user(), pageParam(ctx), revealed, API_TEXT_CHARS);
        Map<String, Object> out = new HashMap<>();
        out.put("incident", found.view());
        out.put("triage", triageJson(triage.read(id, found.source())));
        out.put("posts", Map.of("total", posts.total(), "page", posts.page(), "pages", posts.pages(),
                "items", posts.items().stream().map(p -> postJson(p, revealed)).toList()));
        out.put("alerts", reader.alerts(id));
        out.put("authors_revealed", revealed);
        gate.record(ctx, AuditLog.VIEW_INCIDENT, id, "api", null, null, null);
        ctx.json(out);
    }

    // ---- the changes, shared by forms and API ----

    private TriageStore.Changed changeTriage(Context ctx, IncidentReader.Found found, String status, String assignee, String seqNo,
            String primaryTerm) {
        User user = Guard.session(ctx).user();
        String id = found.view().id();
        TriageStore.Change change = new TriageStore.Change(TriageStatus.of(status), assignee(assignee, found.view()),
                version(seqNo), version(primaryTerm));
        if ((change.seqNo() == null) != (change.primaryTerm() == null)) {
            throw new Refused("The form is incomplete (seq_no and primary_term go together); reload the page.");
        }
        TriageStore.Changed changed = triage.change(id, found.source(), change, user.username());
        if (!changed.nothing()) {
            gate.record(ctx, AuditLog.TRIAGE, id, null, null, changed.before().fields(), changed.after().fields());
        }
        return changed;
    }

    private Triage addNote(Context ctx, IncidentReader.Found found, String text) {
        String note = text == null ? "" : text.strip();
        if (note.isEmpty()) {
            throw new Refused("The note is empty.");
        }
        if (note.length() > TriageStore.MAX_NOTE) {
            throw new Refused("A note may have at most " + TriageStore.MAX_NOTE + " characters.");
        }
        User user = Guard.session(ctx).user();
        Triage t = triage.addNote(found.view().id(), found.source(), note, user.username());
        ObjectNode after = Es.JSON.createObjectNode().put("text", note);
        gate.record(ctx, AuditLog.NOTE, found.view().id(), null, null, null, after);
        return t;
    }

    private JsonNode addFeedback(Context ctx, IncidentReader.Found found, String postId, String kind, String value) {
        FeedbackStore.Feedback f = new FeedbackStore.Feedback(postId, kind == null ? null : kind.strip(), value);
        User user = Guard.session(ctx).user();
        String id = found.view().id();
        PostView post = reader.post(id, postId, user);
        if (post == null) {
            throw new Refused("That post is not one of this incident's.");
        }
        ObjectNode stored = feedback.add(id, post, f, user.username());
        ObjectNode after = Es.JSON.createObjectNode().put("post_id", post.id()).put("kind", f.kind()).put("value", f.value());
        gate.record(ctx, AuditLog.FEEDBACK, id, post.id(), null, null, after);
        ObjectNode out = stored.deepCopy();
        out.remove("text");
        return out;
    }

    private void reveal(Context ctx, IncidentReader.Found found, String reason) {
        String why = reason == null ? "" : reason.strip();
        int length = why.codePointCount(0, why.length());
        if (length < MIN_REASON) {
            throw new Refused("Say why you need the authors (at least " + MIN_REASON + " characters); the reason goes in the audit trail.");
        }
        if (length > MAX_REASON) {
            throw new Refused("Keep the reason under " + MAX_REASON + " characters.");
        }
        Guard.session(ctx).reveal(found.view().id());
        gate.record(ctx, AuditLog.REVEAL_AUTHORS, found.view().id(), null, why, null, null);
    }

    private void export(Context ctx, IncidentReader.Found found, String format) {
        String id = found.view().id();
        CaseFile file = CaseFile.read(found, Guard.session(ctx), reader, triage, clock);
        boolean revealed = file.revealed();
        ObjectNode after = Es.JSON.createObjectNode().put("format", format).put("posts", file.posts().size())
                .put("authors_revealed", revealed);
        gate.record(ctx, AuditLog.EXPORT, id, format, null, null, after);
        ctx.header("Content-Disposition", "attachment; filename=\"" + CaseFile.fileName(id, format) + "\"");
        if (format.equals("csv")) {
            ctx.contentType("text/csv; charset=utf-8");
            ctx.result(file.csv().getBytes(StandardCharsets.UTF_8));
        } else {
            ctx.contentType("application/json; charset=utf-8");
            try {
                ctx.result(Es.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(file.json()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    // ---- plumbing: walls, errors, forms, JSON ----

    private interface Action {
        void run(IncidentReader.Found found) throws Exception;
    }

    /** A form's change; returns which notice the page shows after it. */
    private interface FormAction {
        String run(IncidentReader.Found found) throws Exception;
    }

    private interface ApiAction {
        Object run(IncidentReader.Found found, JsonNode body) throws Exception;
    }

    /** Finds the incident behind the user's walls, then runs {@code action}; 404 when there is none for this user. */
    private void handle(Context ctx, String action, Action run) throws Exception {
        Optional<IncidentReader.Found> found = gate.find(ctx, action);
        if (found.isPresent()) {
            run.run(found.get());
        }
    }

    /** A form's POST: redirects back to the page on success, shows the page with the error or the conflict otherwise. */
    private void form(Context ctx, String action, FormAction run) throws Exception {
        Optional<IncidentReader.Found> found = gate.find(ctx, action);
        if (found.isEmpty()) {
            return;
        }
        String done;
        try {
            done = run.run(found.get());
        } catch (Refused e) {
            renderPage(ctx, found.get(), 400, null, e.getMessage(), null);
            return;
        } catch (TriageConflict e) {
            renderPage(ctx, found.get(), 409, null, null, e);
            return;
        }
        String anchor = switch (done) {
            case "note" -> "#notes";
            case "feedback" -> "#posts";
            default -> "";
        };
        ctx.redirect("/incidents/" + found.get().view().id() + "?done=" + done + anchor);
    }

    /** A JSON API change: the body is a JSON object; answers 200 with the result, 400, 404 or 409 with the current triage. */
    private void api(Context ctx, String action, ApiAction run) throws Exception {
        Optional<IncidentReader.Found> found = gate.find(ctx, action);
        if (found.isEmpty()) {
            return;
        }
        JsonNode body;
        try {
            body = Es.JSON.readTree(ctx.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            ctx.status(400).json(Map.of("error", "send a JSON object"));
            return;
        }
        try {
            ctx.json(run.run(found.get(), body));
        } catch (Refused e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
        } catch (TriageConflict e) {
            ctx.status(409).json(Map.of("error", e.message(), "current", triageJson(e.current())));
        }
    }

    /** Someone the incident may be assigned to: an enabled account not walled off from its stations; blank for nobody. */
    private String assignee(String name, IncidentView incident) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String username = name.strip().toLowerCase(Locale.ROOT);
        Optional<User> user;
        try {
            user = users.find(User.checkName(username));
        } catch (IllegalArgumentException e) {
            user = Optional.empty();
        }
        if (user.isEmpty() || user.get().disabled() || !user.get().maySee(incident.stationIds())) {
            throw new Refused("No account '" + (username.length() > 64 ? username.substring(0, 64) : username)
                    + "' that this incident may be assigned to.");
        }
        return username;
    }

    private List<String> assignees(IncidentView incident) {
        return users.all().stream().filter(u -> !u.disabled() && u.maySee(incident.stationIds())).map(User::username).toList();
    }

    private static Long version(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new Refused("The form is damaged (seq_no and primary_term must be numbers); reload the page.");
        }
    }

    private static int pageParam(Context ctx) {
        String p = ctx.queryParam("page");
        try {
            return p == null ? 0 : Math.max(0, Integer.parseInt(p));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String notice(Context ctx) {
        String done = ctx.queryParam("done");
        return done == null ? null : NOTICES.get(done);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    static Map<String, Object> triageJson(Triage t) {
        Map<String, Object> m = new HashMap<>();
        m.put("status", t.status().key());
        m.put("assignee", t.assignee());
        m.put("updated", t.updated());
        m.put("updated_by", t.updatedBy());
        m.put("notes", t.notes());
        m.put("history", t.history());
        m.put("seq_no", t.seqNo());
        m.put("primary_term", t.primaryTerm());
        return m;
    }

    private static JsonNode postJson(PostView p, boolean revealed) {
        ObjectNode o = Es.JSON.valueToTree(p);
        if (!revealed) {
            o.put("author", CaseFile.HIDDEN);
            o.put("url", CaseFile.HIDDEN);
            o.putNull("urlHref");
        }
        return o;
    }
}
