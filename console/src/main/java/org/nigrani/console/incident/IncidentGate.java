package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.User;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;

/**
 * The way into an incident for every route about one: finds it behind the user's walls or answers the one 404 a
 * missing incident gets (page or JSON), and appends the routes' audit entries.
 */
final class IncidentGate {

    private final IncidentReader reader;
    private final AuditLog audit;
    private final Pages pages;

    IncidentGate(IncidentReader reader, AuditLog audit, Pages pages) {
        this.reader = reader;
        this.audit = audit;
        this.pages = pages;
    }

    /** The incident of the path's {@code id} for this user; empty, with the 404 answered, when there is none for them. */
    Optional<IncidentReader.Found> find(Context ctx, String action) {
        String id = ctx.pathParam("id");
        User user = Guard.session(ctx).user();
        try {
            return Optional.of(reader.incident(id, user));
        } catch (NoSuchIncident e) {
            if (reader.exists(id)) {
                // A wall held: worth a supervisor's look. The user is told nothing more than for a missing id.
                record(ctx, action, id, "refused_walled", null, null, null);
            }
            notFound(ctx);
            return Optional.empty();
        }
    }

    /** Answers exactly as for an incident that does not exist. */
    void notFound(Context ctx) {
        ctx.status(404);
        if (ctx.path().startsWith("/api/")) {
            ctx.json(Map.of("error", "no such incident"));
        } else {
            pages.render(ctx, "incident-missing.jte", Map.of());
        }
    }

    void record(Context ctx, String action, String incidentId, String target, String reason, JsonNode before, JsonNode after) {
        audit.record(Guard.session(ctx).user(), null, ctx.ip(), new AuditLog.Entry(action, incidentId, target, reason, before, after));
    }
}
