package org.nigrani.nlp.station;

/** The station directory cannot be used; the message names the file, the entry and what is wrong with it. */
public final class StationDirectoryException extends RuntimeException {
    public StationDirectoryException(String message) {
        super(message);
    }

    public StationDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
