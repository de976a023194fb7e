package org.nigrani.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The one hash that names evidence: SHA-256, written as 64 lowercase hex digits. */
public final class Sha256 {

    // Names become file paths, so anything but the canonical spelling is refused rather than normalised.
    private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    /** Returns the name unchanged, or throws when it could not have come from {@link #hex(InputStream)}. */
    public static String requireCanonical(String sha256) {
        if (sha256 == null || !CANONICAL.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in 64 lowercase hex digits: " + printable(sha256));
        }
        return sha256;
    }

    public static byte[] bytes(String sha256) {
        return HexFormat.of().parseHex(requireCanonical(sha256));
    }

    public static String hex(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        // The refused value goes into a message and maybe a log: keep it short and free of control characters.
        String shortened = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return '"' + shortened.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
