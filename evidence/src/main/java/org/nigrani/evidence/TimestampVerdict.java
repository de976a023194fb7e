package org.nigrani.evidence;

import java.math.BigInteger;
import java.time.Instant;

/**
 * What checking one timestamp token against one hash found.
 *
 * @param reason    why the token is not valid, or "valid"
 * @param genTime   when the TSA says it saw the hash; null when the token could not be read
 * @param tsaName   the TSA's name from the token, or empty
 */
public record TimestampVerdict(
        boolean valid,
        String reason,
        boolean imprintMatches,
        boolean signatureValid,
        Trust trust,
        Instant genTime,
        String tsaName,
        BigInteger serial) {

    public enum Trust {
        /** The TSA certificate is one of the trust anchors or signed by one. */
        TRUSTED,
        /** Trust anchors were given and the TSA certificate is neither one of them nor signed by one. */
        UNTRUSTED,
        /** No trust anchors were given: the signature only proves the token is whole, not who made it. */
        NOT_CHECKED
    }

    static TimestampVerdict unreadable(String reason) {
        return new TimestampVerdict(false, reason, false, false, Trust.NOT_CHECKED, null, "", null);
    }
}
