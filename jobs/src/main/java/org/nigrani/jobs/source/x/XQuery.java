package org.nigrani.jobs.source.x;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One recent-search query from the configuration.
 *
 * @param id a stable name for the query (its split and its cursor in checkpoints are keyed by it)
 * @param query the X search query, as X's search syntax writes it ({@code (police OR thana) lang:ur -is:retweet})
 */
public record XQuery(String id, String query) implements Serializable {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public XQuery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(query, "query");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("query id must be 1-64 lower-case letters, digits or '-', was '" + id + "'");
        }
        if (query.isBlank() || query.length() > 512) {
            throw new IllegalArgumentException("query '" + id + "' must have 1-512 characters (X's limit for recent search)");
        }
    }
}
