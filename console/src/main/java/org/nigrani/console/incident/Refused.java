package org.nigrani.console.incident;

/** A request this room will not carry out, with a message for the person who made it (400). */
public final class Refused extends RuntimeException {
    public Refused(String message) {
        super(message, null, false, false);
    }
}
