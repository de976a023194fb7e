package org.nigrani.evidence;

import java.time.Instant;
import java.util.List;

/**
 * Everything {@code bin/monitor evidence verify} found about one stored item, check by check, so an investigator
 * can see not just the outcome but which check decided it.
 *
 * @param actualSha256 what the stored bytes hash to now; null when there were no bytes to hash
 * @param genTime      when the TSA says it saw the hash; null when no readable token
 */
public record EvidenceReport(
        String sha256,
        Outcome outcome,
        String actualSha256,
        Instant genTime,
        String tsaName,
        List<Check> checks) {

    public EvidenceReport {
        checks = List.copyOf(checks);
    }

    public enum Outcome {
        /** The bytes still hash to their name and a valid token proves when that hash existed. */
        INTACT,
        /** The stored bytes no longer hash to their name. */
        TAMPERED,
        /** Nothing is stored under the hash. */
        MISSING,
        /** The bytes are intact but no token is stored beside them. */
        UNTIMESTAMPED,
        /** The bytes are intact but the token does not prove the hash (wrong hash, bad signature, untrusted TSA). */
        TIMESTAMP_INVALID
    }

    /** One check and what it found; {@code detail} is the value or reason an investigator would want to read. */
    public record Check(String name, Status status, String detail) {
    }

    public enum Status { PASS, FAIL, SKIPPED }
}
