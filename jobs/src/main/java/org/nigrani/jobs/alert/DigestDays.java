package org.nigrani.jobs.alert;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.nigrani.jobs.incident.Incident;

/**
 * One recipient's digests still to send: per local day, the incidents below the alert threshold. An incident is in
 * a day's digest once, as last seen. Immutable; checkpointed as JSON.
 *
 * @param days ISO day → incident id → the incident as last marked
 * @param sendAt ISO day → when, by the machine's clock, that day's digest goes if the stream has not reached it
 */
record DigestDays(Recipient to, Map<String, Map<String, Incident>> days, Map<String, Long> sendAt) implements Serializable {

    DigestDays {
        Objects.requireNonNull(to, "to");
        days = days == null ? Map.of() : Map.copyOf(days);
        sendAt = sendAt == null ? Map.of() : Map.copyOf(sendAt);
    }

    static DigestDays empty(Recipient to) {
        return new DigestDays(to, Map.of(), Map.of());
    }

    boolean has(LocalDate day) {
        return days.containsKey(day.toString());
    }

    DigestDays add(LocalDate day, Incident incident, long wallSendAt) {
        Map<String, Map<String, Incident>> next = new TreeMap<>(days);
        Map<String, Incident> ofDay = new LinkedHashMap<>(next.getOrDefault(day.toString(), Map.of()));
        ofDay.put(incident.state().id(), incident);
        next.put(day.toString(), ofDay);
        Map<String, Long> at = new TreeMap<>(sendAt);
        at.putIfAbsent(day.toString(), wallSendAt);
        return new DigestDays(to, next, at);
    }

    /** Without {@code incidentId} on any day; a day left empty goes. */
    DigestDays withoutIncident(String incidentId) {
        Map<String, Map<String, Incident>> next = new TreeMap<>();
        Map<String, Long> at = new TreeMap<>(sendAt);
        days.forEach((day, incidents) -> {
            Map<String, Incident> left = new LinkedHashMap<>(incidents);
            left.remove(incidentId);
            if (left.isEmpty()) {
                at.remove(day);
            } else {
                next.put(day, left);
            }
        });
        return new DigestDays(to, next, at);
    }

    DigestDays without(LocalDate day) {
        Map<String, Map<String, Incident>> next = new TreeMap<>(days);
        next.remove(day.toString());
        Map<String, Long> at = new TreeMap<>(sendAt);
        at.remove(day.toString());
        return new DigestDays(to, next, at);
    }

    /** The days in order. */
    List<LocalDate> pending() {
        return days.keySet().stream().sorted().map(LocalDate::parse).toList();
    }

    /** The digest of {@code day}: its incidents by priority, highest first, then by id. */
    Alert digest(LocalDate day) {
        List<Incident> incidents = new ArrayList<>(days.getOrDefault(day.toString(), Map.of()).values());
        if (incidents.isEmpty()) {
            throw new IllegalStateException("no incidents for the digest of " + day);
        }
        incidents.sort(Comparator.comparingInt((Incident i) -> i.priority().score()).reversed()
                .thenComparing(i -> i.state().id()));
        String reason = "daily digest " + day + ": " + incidents.size()
                + (incidents.size() == 1 ? " incident" : " incidents") + " below the alert threshold";
        return Alert.digest(day, to, reason, incidents);
    }
}
