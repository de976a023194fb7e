package org.nigrani.console.web;

import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.Session;

/**
 * What every page template gets: who is signed in, their CSRF token for forms, and the path (for the navigation).
 *
 * @param username null on the login page
 */
public record PageContext(String username, Role role, String csrfToken, String path) {

    public static PageContext of(Session s, String path) {
        return new PageContext(s.signedIn() ? s.user().username() : null, s.signedIn() ? s.user().role() : null,
                s.csrfToken(), path);
    }

    public boolean supervisor() {
        return role != null && role.atLeast(Role.SUPERVISOR);
    }

    public boolean admin() {
        return role != null && role.atLeast(Role.ADMIN);
    }
}
