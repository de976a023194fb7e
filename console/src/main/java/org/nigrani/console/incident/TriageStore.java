package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/**
 * Triage in its own index, one document per incident, written only with the version it was read at
 * ({@code if_seq_no}/{@code if_primary_term}): of two people who opened the same form, the second to submit is told,
 * and nothing of the first is overwritten. The incident document cannot serve for this, since the job rewrites it
 * all the time. After each change, status, assignee and time are mirrored into the incident's {@code nigrani.triage}
 * fields, which search filters on.
 */
final class TriageStore {

    static final int MAX_NOTE = 10_000;
    private static final int NOTE_ATTEMPTS = 5;

    private final Es es;
    private final Clock clock;

    TriageStore(Es es, Clock clock) {
        this.es = es;
        this.clock = clock;
    }

    /** The incident's triage; before any was written, the status on the incident document (new). */
    Triage read(String incidentId, JsonNode incident) {
        JsonNode doc = es.get(Indices.TRIAGE, incidentId);
        if (doc != null && doc.path("found").asBoolean()) {
            return Triage.of(doc);
        }
        String status = incident.path("nigrani").path("triage").path("status").asText("new");
        TriageStatus s;
        try {
            s = TriageStatus.of(status);
        } catch (Refused e) {
            s = TriageStatus.NEW;
        }
        return Triage.untouched(incidentId, s);
    }

    /** What a triage form asks for, with the version its page was rendered from. */
    record Change(TriageStatus status, String assignee, Long seqNo, Long primaryTerm) {}

    /** The triage before and after a change (the same when nothing changed). */
    record Changed(Triage before, Triage after) {
        boolean nothing() {
            return before == after;
        }
    }

    /**
     * Applies {@code change} if the triage is still at the version the form was read at.
     *
     * @return the triage before and now
     * @throws TriageConflict when someone else changed it since
     * @throws Refused when the status may not go where asked
     */
    Changed change(String incidentId, JsonNode incident, Change change, String by) {
        Triage before = read(incidentId, incident);
        if (!Objects.equals(before.seqNo(), change.seqNo()) || !Objects.equals(before.primaryTerm(), change.primaryTerm())) {
            throw new TriageConflict(before);
        }
        if (!before.status().mayBecome(change.status())) {
            throw new Refused("An incident " + before.status().label() + " cannot become " + change.status().label()
                    + "; from " + before.status().label() + " it may go to " + nextOf(before.status()) + ".");
        }
        String now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        List<Triage.Change> history = new ArrayList<>(before.history());
        if (before.status() != change.status()) {
            history.add(new Triage.Change(by, now, "status", before.status().key(), change.status().key()));
        }
        if (!Objects.equals(before.assignee(), change.assignee())) {
            history.add(new Triage.Change(by, now, "assignee", before.assignee(), change.assignee()));
        }
        if (history.size() == before.history().size()) {
            return new Changed(before, before);
        }
        Triage after = new Triage(incidentId, change.status(), change.assignee(), now, by, before.notes(), history, null, null);
        JsonNode written;
        try {
            // No refresh wait: the triage is only ever read by id, which is real-time.
            written = es.putIfUnchanged(Indices.TRIAGE, incidentId, after.document(), change.seqNo(), change.primaryTerm(),
                    Es.Refresh.NONE);
        } catch (Es.Conflict e) {
            // Someone wrote between our read and our write.
            throw new TriageConflict(read(incidentId, incident));
        }
        after = withVersion(after, written);
        mirror(incidentId, after);
        return new Changed(before, after);
    }

    /** Appends a note; a concurrent write is retried, since notes do not contradict each other. */
    Triage addNote(String incidentId, JsonNode incident, String text, String by) {
        for (int attempt = 1; ; attempt++) {
            Triage before = read(incidentId, incident);
            String now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
            List<Triage.Note> notes = new ArrayList<>(before.notes());
            notes.add(new Triage.Note(by, now, text));
            Triage after = new Triage(incidentId, before.status(), before.assignee(), now, by, notes, before.history(), null, null);
            try {
                return withVersion(after, es.putIfUnchanged(Indices.TRIAGE, incidentId, after.document(), before.seqNo(),
                        before.primaryTerm(), Es.Refresh.NONE));
            } catch (Es.Conflict e) {
                if (attempt == NOTE_ATTEMPTS) {
                    throw new Refused("The incident's triage is being changed by others right now; add the note again.");
                }
            }
        }
    }

    /**
     * Copies status, assignee and time into the incident document. Two changes close together may mirror out of
     * order, so the triage is read again afterwards and mirrored once more if it moved on meanwhile: the last
     * writer to finish always leaves the latest values.
     */
    private void mirror(String incidentId, Triage written) {
        Triage t = written;
        for (int i = 0; i < 3; i++) {
            ObjectNode partial = Es.JSON.createObjectNode();
            ObjectNode triage = partial.putObject("nigrani").putObject("triage");
            triage.put("status", t.status().key());
            triage.put("assignee", t.assignee());
            triage.put("updated", t.updated());
            // Waits for the refresh: the search the investigator goes back to filters on these fields.
            es.update(Indices.INCIDENTS, incidentId, partial, Es.Refresh.WAIT_FOR);
            JsonNode again = es.get(Indices.TRIAGE, incidentId);
            if (again == null || again.path("_seq_no").asLong() == t.seqNo()) {
                return;
            }
            t = Triage.of(again);
        }
    }

    private static Triage withVersion(Triage t, JsonNode written) {
        return new Triage(t.incidentId(), t.status(), t.assignee(), t.updated(), t.updatedBy(), t.notes(), t.history(),
                written.path("_seq_no").asLong(), written.path("_primary_term").asLong());
    }

    private static String nextOf(TriageStatus s) {
        List<String> next = new ArrayList<>();
        for (TriageStatus n : TriageStatus.values()) {
            if (n != s && s.mayBecome(n)) {
                next.add(n.label());
            }
        }
        return String.join(" or ", next);
    }
}
