package org.nigrani.jobs.source.x;

/**
 * An X API response body that cannot be read at all (not JSON, not an object, an error document, far too large):
 * the caller dead-letters the whole body. The message names what was wrong and never quotes post text.
 */
public final class UnreadableResponse extends Exception {

    private final String reason;

    UnreadableResponse(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A stable reason code: {@code too_large}, {@code invalid_json}, {@code not_an_object}, {@code wrong_type} or {@code error_response}. */
    public String reason() {
        return reason;
    }
}
