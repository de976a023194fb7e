package org.nigrani.console;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.elasticsearch.client.RestClient;
import org.nigrani.console.admin.AdminRoutes;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.audit.AuditRoutes;
import org.nigrani.console.auth.AuthRoutes;
import org.nigrani.console.auth.LoginThrottle;
import org.nigrani.console.auth.Sessions;
import org.nigrani.console.auth.Users;
import org.nigrani.console.incident.EvidenceRoutes;
import org.nigrani.console.incident.IncidentRoutes;
import org.nigrani.console.search.SearchRoutes;
import org.nigrani.console.search.Searcher;
import org.nigrani.console.dashboard.Dashboard;
import org.nigrani.console.dashboard.DashboardRoutes;
import org.nigrani.console.stations.Stations;
import org.nigrani.console.store.Es;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;
import org.nigrani.console.web.Routes;
import org.nigrani.evidence.EvidenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The investigators' console: the one place that wires its rooms (sign-in, search, incidents and their evidence,
 * dashboard, audit, administration) onto one Javalin server over one Elasticsearch client.
 */
public final class ConsoleApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private final Javalin app;
    private final ConsoleSettings settings;

    private ConsoleApp(Javalin app, ConsoleSettings settings) {
        this.app = app;
        this.settings = settings;
    }

    /**
     * Starts the console on {@code client}, serving evidence from {@code evidence} and checking its timestamps against
     * {@code tsaTrustAnchors} (empty: signatures only); the caller keeps the client and closes it after {@link #close}.
     */
    public static ConsoleApp start(ConsoleSettings settings, RestClient client, EvidenceStore evidence,
            List<X509Certificate> tsaTrustAnchors) {
        return start(settings, client, evidence, tsaTrustAnchors, Clock.systemUTC());
    }

    public static ConsoleApp start(ConsoleSettings settings, RestClient client, EvidenceStore evidence,
            List<X509Certificate> tsaTrustAnchors, Clock clock) {
        Es es = new Es(client);
        Sessions sessions = new Sessions(settings.sessionIdle(), clock);
        Guard guard = new Guard(sessions, settings.secureCookies());
        Pages pages = new Pages();
        AuditLog audit = new AuditLog(es, clock);
        Users users = new Users(es);
        Stations stations = Stations.load(settings.stations());
        List<Routes> rooms = List.of(
                new AuthRoutes(users, sessions, new LoginThrottle(settings.maxFailedLogins(), settings.lockout(), clock), audit,
                        guard, pages),
                new SearchRoutes(new Searcher(es, users), stations, pages),
                new IncidentRoutes(es, audit, users, pages, clock),
                new EvidenceRoutes(es, audit, pages, evidence, tsaTrustAnchors, clock),
                new DashboardRoutes(new Dashboard(es, stations), pages),
                new AuditRoutes(audit, es, pages),
                new AdminRoutes(users, sessions, stations, audit, pages));
        Javalin app = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Post texts may be a megabyte; nothing a form sends needs more.
            config.http.maxRequestSize = 1_000_000;
            config.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/static";
                s.location = Location.CLASSPATH;
            });
            config.routes.before(guard);
            for (Routes room : rooms) {
                room.register(config.routes);
            }
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).result("Something went wrong; the error is in the console's log.");
            });
        });
        app.start();
        LOG.info("Console at http://{}:{}", settings.host(), app.port());
        return new ConsoleApp(app, settings);
    }

    /** Every route registered, as {@code "METHOD /path"} (path parameters as {@code {name}}), for tests and logs. */
    public List<String> routes() {
        Set<String> verbs = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "QUERY");
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> verbs.contains(e.endpoint.method.name())) // not the before and after filters
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
                .toList();
    }

    public int port() {
        return app.port();
    }

    public String url() {
        return "http://" + ("0.0.0.0".equals(settings.host()) ? "127.0.0.1" : settings.host()) + ":" + port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
