package org.nigrani.evidence;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A timestamp token a TSA granted over one hash, already checked against the request that asked for it.
 *
 * @param token   the DER-encoded RFC 3161 TimeStampToken, the bytes to keep beside the item
 * @param tsaName the TSA's name from the token, or empty when the TSA did not put one in
 */
public record IssuedTimestamp(byte[] token, Instant genTime, String tsaName, BigInteger serial) {

    public IssuedTimestamp {
        token = token.clone();
    }

    @Override
    public byte[] token() {
        return token.clone();
    }
}
