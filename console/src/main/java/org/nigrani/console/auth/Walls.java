package org.nigrani.console.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Conflict-of-interest walls in queries: an investigator walled off from a station never gets its incidents or
 * posts back from Elasticsearch, so no page, facet count or API answer can show them.
 */
public final class Walls {

    /** The station id field in both the incidents and the flagged-posts documents. */
    public static final String STATION_FIELD = "nigrani.stations.id";

    private Walls() {}

    /** Adds {@code must_not: terms(station ids)} to {@code bool} when {@code user} is walled off from any station. */
    public static void exclude(ObjectNode bool, User user) {
        if (user.walledStations().isEmpty()) {
            return;
        }
        ArrayNode ids = bool.withArray("must_not").addObject().putObject("terms").putArray(STATION_FIELD);
        user.walledStations().stream().sorted().forEach(ids::add);
    }
}
