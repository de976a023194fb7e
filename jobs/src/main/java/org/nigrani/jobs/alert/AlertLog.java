package org.nigrani.jobs.alert;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.nigrani.jobs.incident.Incident;

/**
 * What the job remembers about the alerts of one incident: the incident as last seen, what was sent to whom, and
 * what waits for the end of quiet hours. Immutable; checkpointed as JSON.
 *
 * @param sent per recipient address, the last alert sent to them about this incident
 * @param held per recipient address, an alert held for quiet hours
 * @param digested the recipient addresses whose digest the incident was put in
 */
record AlertLog(Incident latest, Map<String, AlertPolicy.Sent> sent, Map<String, Held> held, Set<String> digested)
        implements Serializable {

    /**
     * When a held alert goes: at {@code streamAt} in stream time (a replay reaching it, or the end of a bounded
     * input), or at {@code wallAt} by the machine's clock, whichever comes first.
     */
    record Held(long streamAt, long wallAt) implements Serializable {}

    AlertLog {
        sent = Map.copyOf(sent == null ? Map.of() : sent);
        held = Map.copyOf(held == null ? Map.of() : held);
        digested = Set.copyOf(digested == null ? Set.of() : digested);
    }

    AlertLog(Incident latest, Map<String, AlertPolicy.Sent> sent, Map<String, Held> held) {
        this(latest, sent, held, Set.of());
    }

    static AlertLog empty(Incident latest) {
        return new AlertLog(latest, Map.of(), Map.of(), Set.of());
    }

    AlertLog withLatest(Incident incident) {
        return new AlertLog(incident, sent, held, digested);
    }

    AlertLog withDigested(String email) {
        if (digested.contains(email)) {
            return this;
        }
        Set<String> next = new HashSet<>(digested);
        next.add(email);
        return new AlertLog(latest, sent, held, next);
    }

    AlertLog withSent(String email, AlertPolicy.Sent s) {
        Map<String, AlertPolicy.Sent> nextSent = new LinkedHashMap<>(sent);
        nextSent.put(email, s);
        Map<String, Held> nextHeld = new LinkedHashMap<>(held);
        nextHeld.remove(email);
        Set<String> nextDigested = new HashSet<>(digested);
        nextDigested.remove(email);
        return new AlertLog(latest, nextSent, nextHeld, nextDigested);
    }

    AlertLog withHeld(String email, Held h) {
        Map<String, Held> next = new LinkedHashMap<>(held);
        next.putIfAbsent(email, h);
        return new AlertLog(latest, sent, next, digested);
    }

    AlertLog withoutHeld(String email) {
        Map<String, Held> next = new LinkedHashMap<>(held);
        next.remove(email);
        return new AlertLog(latest, sent, next, digested);
    }
}
