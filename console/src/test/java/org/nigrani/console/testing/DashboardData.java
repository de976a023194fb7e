package org.nigrani.console.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nigrani.console.store.Es;
import org.nigrani.nlp.station.Station;

/** Incident and alert documents shaped as the job writes them (only the fields the dashboard reads), for fixtures. */
public final class DashboardData {

    private DashboardData() {}

    /**
     * An incident first and last seen at noon (UTC) on {@code day} (yyyy-MM-dd), about {@code station} (null: none).
     */
    public static ObjectNode incident(String id, Station station, String category, int score, String status, String day,
            String title) {
        ObjectNode doc = Es.JSON.createObjectNode();
        String at = day + "T12:00:00Z";
        doc.put("@timestamp", at);
        ObjectNode n = doc.putObject("nigrani");
        ObjectNode inc = n.putObject("incident");
        inc.put("id", id);
        inc.put("key", "station:" + (station == null ? "none" : station.id()) + ":" + category);
        inc.put("kind", "station");
        inc.put("first_seen", at);
        inc.put("last_seen", at);
        inc.put("post_count", 3);
        n.putObject("triage").put("status", status);
        n.put("title", title);
        if (station != null) {
            n.putArray("stations").addObject().put("id", station.id()).put("name", station.name()).put("city", station.city());
            n.put("city", station.city());
        }
        n.put("category", category);
        n.putObject("priority").put("score", score).put("band", score >= 80 ? "P1" : score >= 60 ? "P2" : "P3");
        return doc;
    }

    /** An alert to the head of {@code stationId} about one incident, queued (and, if sent, sent) at {@code at}. */
    public static ObjectNode alert(String id, String kind, String channel, String status, String stationId,
            String incidentId, String at) {
        ObjectNode doc = Es.JSON.createObjectNode();
        doc.put("@timestamp", at);
        ObjectNode a = doc.putObject("alert");
        a.put("id", id);
        a.put("kind", kind);
        a.put("channel", channel);
        a.put("subject", "[Nigrani P1] alert " + id);
        a.put("status", status);
        a.put("created", at);
        if (status.equals("sent")) {
            a.put("sent_at", at);
        }
        doc.putArray("recipients").addObject().put("name", "Head of " + stationId).put("address", "x@example.org")
                .put("station_id", stationId);
        doc.putArray("incidents").addObject().put("id", incidentId).put("score", 70).put("band", "P2")
                .putArray("stations").add(stationId);
        doc.put("body", "not shown");
        return doc;
    }
}
