package org.nigrani.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;

/**
 * The demo's console account: {@code demo}, a supervisor (so the audit trail is in reach too), with a new random
 * password every demo run, printed once. A password of its own rather than a fixed one: the console may be reachable
 * by others on the machine, and the embedded Elasticsearch keeps its accounts between runs.
 */
final class DemoAccount {

    static final String NAME = "demo";
    // No 0/O, 1/l/I: the password is read off a terminal and typed.
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoAccount() {}

    /** What to sign in with; {@code role} is the account's (an earlier run's account keeps the role it was given). */
    record Credentials(String username, String password, Role role) {}

    /** Creates the account, or gives the existing one a new password. */
    static Credentials ensure(Es es) {
        String password = newPassword();
        Users users = new Users(es);
        Role existing = users.find(NAME).map(u -> u.role()).orElse(null);
        if (existing != null) {
            users.setPassword(NAME, password.toCharArray());
        } else {
            users.add(NAME, password.toCharArray(), Role.SUPERVISOR, Set.of(), "demo");
        }
        Role role = existing != null ? existing : Role.SUPERVISOR;
        ObjectNode after = Es.JSON.createObjectNode();
        after.put("role", role.key());
        new AuditLog(es, Clock.systemUTC()).record(null, "demo", null, new AuditLog.Entry(
                existing != null ? AuditLog.PASSWORD_SET : AuditLog.USER_ADDED, null, NAME, null, null, after));
        return new Credentials(NAME, password, role);
    }

    /** Four groups of four, such as {@code k7Qm-Vx3p-Rt9w-Hc2z}: about 93 bits. */
    static String newPassword() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
