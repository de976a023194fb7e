package org.nigrani.console.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.Sessions;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Users;
import org.nigrani.console.stations.Stations;
import org.nigrani.console.store.Es;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;
import org.nigrani.console.web.Routes;

/**
 * Account administration for admins ({@link Guard} checks the role): list the accounts, add one, set the stations an
 * account is walled off from. Both changes are audited. Password hashes never leave {@link Users}.
 */
public final class AdminRoutes implements Routes {

    /** An account as the page and the API show it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Account(String username, String role, List<String> walledStations, List<String> walledNames,
            boolean disabled) {}

    private final Users users;
    private final Sessions sessions;
    private final Stations stations;
    private final AuditLog audit;
    private final Pages pages;

    public AdminRoutes(Users users, Sessions sessions, Stations stations, AuditLog audit, Pages pages) {
        this.users = users;
        this.sessions = sessions;
        this.stations = stations;
        this.audit = audit;
        this.pages = pages;
    }

    @Override
    public void register(JavalinDefaultRoutingApi r) {
        r.get("/admin/users", ctx -> {
            String added = ctx.queryParam("added");
            String walled = ctx.queryParam("walled");
            String notice = null;
            if (added != null && exists(added)) {
                notice = "Added " + added + ".";
            } else if (walled != null && exists(walled)) {
                notice = "Changed the stations " + walled + " is walled off from; " + walled + " must sign in again.";
            }
            page(ctx, 200, notice, null, Map.of());
        });
        r.post("/admin/users", this::add);
        r.post("/admin/users/{name}/walls", this::walls);
        r.get("/api/admin/users", ctx -> ctx.json(Map.of("users", accounts())));
        r.post("/api/admin/users", this::addJson);
        r.post("/api/admin/users/{name}/walls", this::wallsJson);
    }

    /** {@code {"username", "password", "role", "walls": ["station id", …]}} → 201 {@code {"user": account}}. */
    private void addJson(Context ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return;
        }
        char[] secret = body.path("password").asText("").toCharArray();
        try {
            User user = addUser(ctx, body.path("username").asText("").strip().toLowerCase(java.util.Locale.ROOT), secret,
                    body.path("role").asText(null), idList(body.path("walls")));
            ctx.status(201).json(Map.of("user", account(user)));
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", "not added: " + e.getMessage()));
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** {@code {"walls": ["station id", …]}} (empty: none) → 200 {@code {"user": account}}; the user's sessions end. */
    private void wallsJson(Context ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return;
        }
        String name = ctx.pathParam("name");
        if (!body.path("walls").isArray()) {
            ctx.status(400).json(Map.of("error", "send walls as a list of station ids (empty for none)"));
            return;
        }
        try {
            Optional<User> after = setWalls(ctx, name, idList(body.path("walls")));
            if (after.isEmpty()) {
                ctx.status(404).json(Map.of("error", "no such user"));
            } else {
                ctx.json(Map.of("user", account(after.get())));
            }
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", "walls not changed: " + e.getMessage()));
        }
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = Es.JSON.readTree(ctx.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (java.io.IOException e) {
            // answered below
        }
        ctx.status(400).json(Map.of("error", "the body must be a JSON object"));
        return null;
    }

    /** A JSON list of ids as the comma-separated text the form sends, so both go through the same checks. */
    private static String idList(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(id -> ids.add(id.asText()));
        return String.join(",", ids);
    }

    private User addUser(Context ctx, String username, char[] secret, String role, String walls) {
        User user = users.add(username, secret, Role.of(role), stations.parseIds(walls), Guard.session(ctx).user().username());
        audit.record(Guard.session(ctx).user(), null, ctx.ip(), new AuditLog.Entry(AuditLog.USER_ADDED, null,
                user.username(), null, null, describe(user)));
        return user;
    }

    /** Sets the walls; empty when there is no such user. */
    private Optional<User> setWalls(Context ctx, String name, String given) {
        Optional<User> before = validName(name) ? users.find(name) : Optional.empty();
        if (before.isEmpty()) {
            return Optional.empty();
        }
        User after = users.wall(name, stations.parseIds(given));
        // The session holds the account as it was at sign-in: end it, so the new walls hold from the next request.
        sessions.closeAllOf(name);
        audit.record(Guard.session(ctx).user(), null, ctx.ip(), new AuditLog.Entry(AuditLog.WALL_CHANGED, null,
                name, null, describe(before.get()), describe(after)));
        return Optional.of(after);
    }

    private void add(Context ctx) {
        String username = trimmed(ctx.formParam("username")).toLowerCase(java.util.Locale.ROOT);
        String password = ctx.formParam("password");
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try {
            User user = addUser(ctx, username, secret, ctx.formParam("role"), ctx.formParam("walls"));
            ctx.redirect("/admin/users?added=" + user.username(), io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (IllegalArgumentException e) {
            Map<String, String> typed = new HashMap<>();
            typed.put("username", username);
            typed.put("role", trimmed(ctx.formParam("role")));
            typed.put("walls", trimmed(ctx.formParam("walls")));
            page(ctx, 400, null, "Not added: " + e.getMessage(), typed);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private void walls(Context ctx) {
        String name = ctx.pathParam("name");
        if (!exists(name)) {
            page(ctx, 404, null, "No such user.", Map.of());
            return;
        }
        String given = ctx.formParam("walls");
        if (given == null) {
            // Only an empty field clears the walls: a request without one is a mistake, not an instruction.
            page(ctx, 400, null, "Walls of " + name + " not changed: send the field walls (empty for none).", Map.of());
            return;
        }
        try {
            setWalls(ctx, name, given);
            ctx.redirect("/admin/users?walled=" + name, io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (IllegalArgumentException e) {
            page(ctx, 400, null, "Walls of " + name + " not changed: " + e.getMessage(), Map.of());
        }
    }

    private void page(Context ctx, int status, String notice, String error, Map<String, String> typed) {
        Map<String, Object> params = new HashMap<>();
        params.put("accounts", accounts());
        params.put("stations", stations.all());
        params.put("notice", notice);
        params.put("error", error);
        params.put("typed", typed);
        ctx.status(status);
        pages.render(ctx, "admin/users.jte", params);
    }

    private List<Account> accounts() {
        return users.all().stream().map(this::account).toList();
    }

    private Account account(User u) {
        List<String> ids = u.walledStations().stream().sorted().toList();
        return new Account(u.username(), u.role().key(), ids, ids.stream().map(stations::name).toList(), u.disabled());
    }

    private boolean exists(String name) {
        return validName(name) && users.find(name).isPresent();
    }

    private static boolean validName(String name) {
        try {
            User.checkName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What the audit keeps of an account: its role and walls, never its password hash. */
    private static ObjectNode describe(User u) {
        ObjectNode o = Es.JSON.createObjectNode();
        o.put("role", u.role().key());
        ArrayNode walls = o.putArray("walled_stations");
        u.walledStations().stream().sorted().forEach(walls::add);
        return o;
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.strip();
    }
}
