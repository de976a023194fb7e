package org.nigrani.console.web;

import io.javalin.router.JavalinDefaultRoutingApi;

/** One room's pages and API endpoints. {@link Guard} has already checked the session, CSRF and role. */
public interface Routes {
    void register(JavalinDefaultRoutingApi routes);
}
