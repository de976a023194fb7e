package org.nigrani.evidence;

/** A put declared one hash and gave bytes with another; nothing was stored. */
public final class HashMismatchException extends IllegalArgumentException {

    private final String declared;
    private final String actual;

    public HashMismatchException(String declared, String actual) {
        super("declared SHA-256 " + declared + " but the file hashes to " + actual);
        this.declared = declared;
        this.actual = actual;
    }

    public String declared() {
        return declared;
    }

    public String actual() {
        return actual;
    }
}
