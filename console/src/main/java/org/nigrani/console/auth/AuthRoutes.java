package org.nigrani.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.store.Es;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;
import org.nigrani.console.web.Routes;

/** Sign in and out, by form and by JSON; {@code GET /api/session} gives an API client its CSRF token. */
public final class AuthRoutes implements Routes {

    private final Users users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Guard guard;
    private final Pages pages;

    public AuthRoutes(Users users, Sessions sessions, LoginThrottle throttle, AuditLog audit, Guard guard, Pages pages) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.guard = guard;
        this.pages = pages;
    }

    @Override
    public void register(JavalinDefaultRoutingApi r) {
        r.get("/login", ctx -> loginPage(ctx, null, 200));
        r.post("/login", this::loginForm);
        r.post("/logout", ctx -> {
            logout(ctx);
            ctx.redirect("/login");
        });
        r.post("/api/login", this::loginJson);
        r.post("/api/logout", ctx -> {
            logout(ctx);
            ctx.json(Map.of("signed_out", true));
        });
        r.get("/api/session", ctx -> {
            Session s = Guard.session(ctx);
            ctx.json(Map.of("username", s.user().username(), "role", s.user().role().key(), "csrf_token", s.csrfToken()));
        });
        r.get("/health", ctx -> ctx.result("ok"));
    }

    private void loginPage(Context ctx, String error, int status) {
        Map<String, Object> params = new HashMap<>();
        params.put("error", error);
        params.put("next", safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next")));
        ctx.status(status);
        pages.render(ctx, "login.jte", params);
    }

    private void loginForm(Context ctx) {
        String username = ctx.formParam("username");
        String password = ctx.formParam("password");
        Outcome o = attempt(ctx, username, password == null ? new char[0] : password.toCharArray());
        if (o.user().isPresent()) {
            ctx.redirect(safeNext(ctx.formParam("next")));
        } else {
            loginPage(ctx, o.message(), o.status());
        }
    }

    private void loginJson(Context ctx) {
        JsonNode body;
        try {
            body = Es.JSON.readTree(ctx.body());
        } catch (java.io.IOException e) {
            ctx.status(400).json(Map.of("error", "the body is not JSON"));
            return;
        }
        Outcome o = attempt(ctx, body.path("username").asText(null), body.path("password").asText("").toCharArray());
        if (o.user().isPresent()) {
            Session s = Guard.session(ctx);
            ctx.json(Map.of("username", s.user().username(), "role", s.user().role().key(), "csrf_token", s.csrfToken()));
        } else {
            ctx.status(o.status()).json(Map.of("error", o.message()));
        }
    }

    private record Outcome(Optional<User> user, int status, String message) {}

    /** Checks the throttle, then the password; on success a new session replaces the login one. */
    private Outcome attempt(Context ctx, String username, char[] password) {
        String ip = ctx.ip();
        Duration wait = throttle.wait(username, ip);
        if (!wait.isZero()) {
            return new Outcome(Optional.empty(), 429, "Too many failed sign-ins. Try again in "
                    + Math.max(1, (wait.toSeconds() + 59) / 60) + " minute(s).");
        }
        Optional<User> user = username == null ? Optional.empty() : users.find(username.strip().toLowerCase(java.util.Locale.ROOT));
        boolean ok = Passwords.matches(password, user.map(User::passwordHash).orElse(null));
        java.util.Arrays.fill(password, '\0');
        if (!ok || user.get().disabled()) {
            throttle.failed(username, ip);
            audit.record(null, null, ip, new AuditLog.Entry(AuditLog.LOGIN_FAILED, null,
                    username == null ? null : username.length() > 64 ? username.substring(0, 64) : username, null, null, null));
            return new Outcome(Optional.empty(), 401, "Wrong user name or password.");
        }
        throttle.succeeded(username);
        sessions.close(Guard.session(ctx).id());
        Session s = sessions.open(user.get());
        guard.setCookie(ctx, s);
        ctx.attribute(Guard.SESSION, s);
        audit.record(s.user(), null, ip, AuditLog.Entry.of(AuditLog.LOGIN, null));
        return new Outcome(user, 200, null);
    }

    private void logout(Context ctx) {
        Session s = Guard.session(ctx);
        audit.record(s.user(), null, ctx.ip(), AuditLog.Entry.of(AuditLog.LOGOUT, null));
        sessions.close(s.id());
        guard.clearCookie(ctx);
    }

    /** Only a path on this console: never another site (an open redirect) nor a scheme-relative URL. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.startsWith("/login")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return next;
    }
}
