package org.nigrani.evidence;

/**
 * One piece of media in the evidence store.
 *
 * @param alreadyPresent true when an earlier put had stored the same bytes, so this put only linked to them
 */
public record StoredItem(String sha256, long size, String contentType, boolean alreadyPresent) {

    public StoredItem {
        Sha256.requireCanonical(sha256);
    }
}
