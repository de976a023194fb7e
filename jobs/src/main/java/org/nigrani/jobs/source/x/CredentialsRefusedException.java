package org.nigrani.jobs.source.x;

/** X answered 401 or 403: the bearer token is missing, wrong or not allowed. Retrying does not help. */
public final class CredentialsRefusedException extends RuntimeException {

    private final int status;
    private final String endpoint;

    public CredentialsRefusedException(int status, String endpoint, String tokenLabel) {
        super("X API refused the bearer token (HTTP " + status + ") at " + endpoint
                + ": check that " + tokenLabel + " holds a valid bearer token of an app allowed to use this endpoint");
        this.status = status;
        this.endpoint = endpoint;
    }

    public int status() {
        return status;
    }

    public String endpoint() {
        return endpoint;
    }
}
