package org.nigrani.console.auth;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A console account.
 *
 * @param passwordHash bcrypt; the password itself is never stored
 * @param walledStations station ids whose incidents this user must not see (conflict of interest)
 */
public record User(String username, String passwordHash, Role role, Set<String> walledStations, boolean disabled) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    public User {
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        checkName(username);
        walledStations = Set.copyOf(walledStations == null ? Set.of() : walledStations);
    }

    /** User names are lower-case letters, digits, dot, dash and underscore: they appear in the audit and in URLs. */
    public static String checkName(String username) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new IllegalArgumentException("a user name is 2-64 characters of a-z, 0-9, '.', '_' or '-', starting "
                    + "with a letter or digit; was '" + username + "'");
        }
        return username;
    }

    /** Whether this user may see an incident about {@code stationIds}. */
    public boolean maySee(Iterable<String> stationIds) {
        for (String id : stationIds) {
            if (walledStations.contains(id)) {
                return false;
            }
        }
        return true;
    }
}
