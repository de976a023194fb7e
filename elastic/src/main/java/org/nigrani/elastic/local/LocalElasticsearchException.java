package org.nigrani.elastic.local;

/** Thrown when a local Elasticsearch cannot be unpacked, started or stopped; the message says what to do about it. */
public class LocalElasticsearchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalElasticsearchException(String message) {
        super(message);
    }

    public LocalElasticsearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
