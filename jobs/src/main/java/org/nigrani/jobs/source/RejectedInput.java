package org.nigrani.jobs.source;

/** Why a line of input is not a usable post: a stable reason code and a message naming the field. */
public final class RejectedInput extends Exception {

    private final String reason;
    private final String postId;

    RejectedInput(String reason, String message, String postId) {
        super(message, null, false, false);
        this.reason = reason;
        this.postId = postId;
    }

    public String reason() {
        return reason;
    }

    public String postId() {
        return postId;
    }
}
