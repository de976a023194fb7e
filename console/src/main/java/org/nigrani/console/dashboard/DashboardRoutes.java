package org.nigrani.console.dashboard;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;
import org.nigrani.console.web.Routes;

/**
 * {@code GET /}: the dashboard; {@code GET /api/dashboard}: the same numbers as JSON. Query parameter {@code days}
 * (7..366, default 30) sets the charts' window.
 */
public final class DashboardRoutes implements Routes {

    private final Dashboard dashboard;
    private final Pages pages;

    public DashboardRoutes(Dashboard dashboard, Pages pages) {
        this.dashboard = dashboard;
        this.pages = pages;
    }

    @Override
    public void register(JavalinDefaultRoutingApi r) {
        r.get("/", ctx -> {
            Dashboard.View view = dashboard.read(Guard.session(ctx).user(), days(ctx));
            pages.render(ctx, "home.jte", Map.of("view", view, "byStation", LineChart.of(view.byStation()),
                    "byCategory", LineChart.of(view.byCategory())));
        });
        r.get("/api/dashboard", ctx -> ctx.json(dashboard.read(Guard.session(ctx).user(), days(ctx))));
    }

    /** The window asked for, kept to a week..a year; anything unreadable is the default. */
    static int days(Context ctx) {
        String asked = ctx.queryParam("days");
        if (asked == null || !asked.matches("\\d{1,3}")) {
            return Dashboard.DEFAULT_DAYS;
        }
        return Math.max(7, Math.min(366, Integer.parseInt(asked)));
    }
}
