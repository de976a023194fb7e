package org.nigrani.console.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt hashing of console passwords, at a cost that takes a noticeable fraction of a second to check. */
public final class Passwords {

    static final int COST = 12;
    public static final int MIN_LENGTH = 12;
    // Checked when the user name is unknown, so that a missing account takes as long to refuse as a wrong password.
    private static final String DUMMY = BCrypt.withDefaults().hashToString(COST, "not-a-password-xxxxxx".toCharArray());

    private Passwords() {}

    public static String hash(char[] password) {
        if (password.length < MIN_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new IllegalArgumentException("a password may have at most 72 bytes (bcrypt ignores the rest)");
        }
        return BCrypt.withDefaults().hashToString(COST, password);
    }

    public static boolean matches(char[] password, String hash) {
        return BCrypt.verifyer().verify(password, hash == null ? DUMMY : hash).verified && hash != null;
    }
}
