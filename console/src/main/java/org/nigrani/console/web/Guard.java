package org.nigrani.console.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.Session;
import org.nigrani.console.auth.Sessions;

/**
 * Runs before every request: security headers, then the session, CSRF and role checks, in that order, so no
 * route can forget one.
 *
 * <ul>
 *   <li>Public: {@code /login}, {@code /static/…}, {@code /health}. Everything else needs a signed-in session:
 *       pages redirect to the login page, {@code /api/…} answers 401.</li>
 *   <li>A state change (POST, PUT, PATCH, DELETE) needs the session's CSRF token, in the form field
 *       {@code _csrf} or the header {@code X-CSRF-Token}; else 403. Only {@code POST /api/login} goes without, and
 *       it takes JSON only, which a cross-site form cannot send.</li>
 *   <li>{@code /admin}, {@code /api/admin}: admins; {@code /audit}, {@code /api/audit}: supervisors and admins.</li>
 * </ul>
 */
public final class Guard implements Handler {

    public static final String SESSION_COOKIE = "nigrani_session";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String SESSION = "nigrani.session";

    /** Whatever a page shows, it loads scripts, styles and forms from here only. Images may come from media hosts. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'";

    /**
     * For bytes a stranger made (evidence served as is): the same policy, sandboxed, so even a document the browser
     * renders has no scripts, no plugins, no forms and an origin of its own.
     */
    public static final String SANDBOXED_CSP = CSP + "; media-src 'self'; sandbox";

    private static final Map<String, Role> NEEDS = Map.of(
            "/admin", Role.ADMIN, "/api/admin", Role.ADMIN,
            "/audit", Role.SUPERVISOR, "/api/audit", Role.SUPERVISOR);

    private final Sessions sessions;
    private final boolean secureCookies;

    public Guard(Sessions sessions, boolean secureCookies) {
        this.sessions = sessions;
        this.secureCookies = secureCookies;
    }

    /** The request's session (signed in, except on public routes). */
    public static Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    @Override
    public void handle(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        // Incident URLs must not travel to media hosts in a Referer.
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        String path = ctx.path();
        if (path.startsWith("/static/") || path.equals("/health")) {
            // No session wanted, and none touched: a stylesheet loaded by a signed-in page must not replace its cookie.
            return;
        }
        if (path.equals("/login") || path.equals("/api/login")) {
            Session s = sessions.find(ctx.cookie(SESSION_COOKIE)).orElse(null);
            if (s == null) {
                // The login form's token lives in a session of its own; signing in replaces it with a new one.
                s = sessions.open(null);
                setCookie(ctx, s);
            }
            ctx.attribute(SESSION, s);
            if (path.equals("/login") && mutating(ctx) && !csrfOk(ctx, s)) {
                refuse(ctx, 403, "the form has expired or did not come from this console; reload the page and try again");
            } else if (path.equals("/api/login") && !String.valueOf(ctx.contentType()).startsWith("application/json")) {
                refuse(ctx, 415, "send the credentials as application/json");
            }
            return;
        }
        Session s = sessions.find(ctx.cookie(SESSION_COOKIE)).filter(Session::signedIn).orElse(null);
        if (s == null) {
            if (api(path)) {
                refuse(ctx, 401, "not signed in");
            } else {
                String next = ctx.queryString() == null ? path : path + "?" + ctx.queryString();
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
            }
            return;
        }
        ctx.attribute(SESSION, s);
        if (mutating(ctx) && !csrfOk(ctx, s)) {
            refuse(ctx, 403, "missing or wrong CSRF token");
            return;
        }
        for (Map.Entry<String, Role> e : NEEDS.entrySet()) {
            if ((path.equals(e.getKey()) || path.startsWith(e.getKey() + "/")) && !s.user().role().atLeast(e.getValue())) {
                refuse(ctx, 403, "this needs the " + e.getValue().key() + " role");
                return;
            }
        }
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, Secure unless configured off. */
    public void setCookie(Context ctx, Session s) {
        Cookie c = new Cookie(SESSION_COOKIE, s.id(), "/", -1, secureCookies, true, null, SameSite.STRICT);
        ctx.cookie(c);
    }

    public void clearCookie(Context ctx) {
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, secureCookies, true, null, SameSite.STRICT));
    }

    static boolean api(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static boolean mutating(Context ctx) {
        HandlerType m = ctx.method();
        return m == HandlerType.POST || m == HandlerType.PUT || m == HandlerType.PATCH || m == HandlerType.DELETE;
    }

    private static boolean csrfOk(Context ctx, Session s) {
        String given = ctx.header(CSRF_HEADER);
        if (given == null && !String.valueOf(ctx.contentType()).startsWith("application/json")) {
            given = ctx.formParam(CSRF_FIELD);
        }
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                s.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the request with {@code status}: JSON for the API, a short page otherwise. */
    static void refuse(Context ctx, int status, String message) {
        ctx.status(status);
        if (api(ctx.path())) {
            ctx.json(Map.of("error", message));
        } else {
            ctx.html("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + status + "</title></head><body><h1>"
                    + status + "</h1><p>" + org.owasp.encoder.Encode.forHtml(message) + "</p><p><a href=\"/\">Back</a></p></body></html>");
        }
        ctx.skipRemainingHandlers();
    }
}
