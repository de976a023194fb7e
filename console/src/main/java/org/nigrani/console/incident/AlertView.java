package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** An alert the job sent (or tried to) about an incident: to whom, what kind, how it went. */
public record AlertView(String id, String kind, String channel, String status, String sentAt, String created,
        List<String> recipients) {

    static AlertView of(JsonNode source) {
        JsonNode a = source.path("alert");
        List<String> names = new ArrayList<>();
        source.path("recipients").forEach(r -> names.add(r.path("name").asText()));
        return new AlertView(MediaView.text(a.path("id")), MediaView.text(a.path("kind")), MediaView.text(a.path("channel")),
                MediaView.text(a.path("status")), MediaView.text(a.path("sent_at")), MediaView.text(a.path("created")), names);
    }
}
