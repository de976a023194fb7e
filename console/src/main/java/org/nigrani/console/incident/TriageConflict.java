package org.nigrani.console.incident;

/** Someone changed the incident's triage since the form was opened; nothing was written. */
public final class TriageConflict extends RuntimeException {

    private final Triage current;

    public TriageConflict(Triage current) {
        super("the triage changed since it was read", null, false, false);
        this.current = current;
    }

    /** The triage as it is now, with the version a new submission must carry. */
    public Triage current() {
        return current;
    }

    /** "changed by sara since you opened it: status is now escalated, assigned to ivan". */
    public String message() {
        return "Changed by " + (current.updatedBy() == null ? "someone else" : current.updatedBy())
                + " since you opened it: status is now " + current.status().label()
                + (current.assignee() == null ? ", not assigned" : ", assigned to " + current.assignee())
                + ". Nothing was saved; check the values below and submit again.";
    }
}
