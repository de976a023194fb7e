package org.nigrani.evidence;

import java.net.URI;

/** The TSA did not give a usable timestamp; the message names the TSA so an operator knows which one to look at. */
public final class TimestampException extends Exception {

    private final URI tsa;

    public TimestampException(URI tsa, String problem, Throwable cause) {
        super("timestamp authority " + tsa + ": " + problem, cause);
        this.tsa = tsa;
    }

    public URI tsa() {
        return tsa;
    }
}
