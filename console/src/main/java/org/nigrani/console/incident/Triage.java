package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.nigrani.console.store.Es;

/**
 * An incident's triage as stored in the {@code triage} index, with the version it was read at.
 *
 * @param seqNo with {@code primaryTerm}, the version read; both null when no triage was written yet
 * @param updatedBy who made the last change (a triage change or a note)
 */
public record Triage(String incidentId, TriageStatus status, String assignee, String updated, String updatedBy,
        List<Note> notes, List<Change> history, Long seqNo, Long primaryTerm) {

    public Triage {
        notes = List.copyOf(notes);
        history = List.copyOf(history);
    }

    /** A note an investigator added. */
    public record Note(String by, String at, String text) {}

    /** One field's change: status or assignee, from before to after (null: none). */
    public record Change(String by, String at, String field, String before, String after) {}

    /** The triage of an incident nobody has triaged yet: the status the job gave it (new), nothing else. */
    static Triage untouched(String incidentId, TriageStatus status) {
        return new Triage(incidentId, status, null, null, null, List.of(), List.of(), null, null);
    }

    /** From a GET of the triage document. */
    static Triage of(JsonNode response) {
        JsonNode s = response.path("_source");
        List<Note> notes = new ArrayList<>();
        s.path("notes").forEach(n -> notes.add(new Note(text(n, "by"), text(n, "at"), text(n, "text"))));
        List<Change> history = new ArrayList<>();
        s.path("history").forEach(h -> history.add(new Change(text(h, "by"), text(h, "at"), text(h, "field"), text(h, "before"),
                text(h, "after"))));
        return new Triage(text(s, "incident_id"), TriageStatus.of(text(s, "status")), text(s, "assignee"), text(s, "updated"),
                text(s, "updated_by"), notes, history, response.path("_seq_no").asLong(), response.path("_primary_term").asLong());
    }

    /** The document to store (without the version, which Elasticsearch keeps). */
    ObjectNode document() {
        ObjectNode d = Es.JSON.createObjectNode();
        d.put("incident_id", incidentId);
        d.put("status", status.key());
        d.put("assignee", assignee);
        d.put("updated", updated);
        d.put("updated_by", updatedBy);
        ArrayNode ns = d.putArray("notes");
        notes.forEach(n -> ns.addObject().put("by", n.by()).put("at", n.at()).put("text", n.text()));
        ArrayNode hs = d.putArray("history");
        history.forEach(h -> hs.addObject().put("by", h.by()).put("at", h.at()).put("field", h.field()).put("before", h.before())
                .put("after", h.after()));
        return d;
    }

    /** The status and assignee alone, as the audit's before and after. */
    ObjectNode fields() {
        ObjectNode f = Es.JSON.createObjectNode();
        f.put("status", status.key());
        f.put("assignee", assignee);
        return f;
    }

    /** For the form's hidden fields: empty when nothing was written yet. */
    public String seqNoField() {
        return seqNo == null ? "" : Long.toString(seqNo);
    }

    public String primaryTermField() {
        return primaryTerm == null ? "" : Long.toString(primaryTerm);
    }

    /** Newest note first, as the page lists them. */
    public List<Note> notesNewestFirst() {
        List<Note> out = new ArrayList<>(notes);
        java.util.Collections.reverse(out);
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
