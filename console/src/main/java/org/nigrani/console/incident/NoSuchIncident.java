package org.nigrani.console.incident;

/**
 * No incident by that id for this user: absent, or behind one of the user's walls. The two are not told apart
 * (404 either way), so a wall does not confirm that an incident exists.
 */
public final class NoSuchIncident extends RuntimeException {
    public NoSuchIncident() {
        super("no such incident", null, false, false);
    }
}
