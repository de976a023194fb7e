package org.nigrani.jobs.alert;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.nigrani.jobs.incident.Incident;

/**
 * Gathers the incidents {@link AlertPolicy} marked {@link AlertPolicy.Kind#DIGEST} per recipient and day, and yields
 * one {@link Alert#DIGEST} alert per recipient for a day.
 *
 * <p>The day is the local date (in the policy's zone) of the incident's {@code asOf}. An incident is in a
 * recipient's digest for a day once, as last marked (a later mark replaces an earlier one). In a digest the
 * incidents are sorted by priority score, highest first, then by incident id. Recipients come in the order they
 * were first marked. Plain Java, not thread-safe; no Flink types.
 */
public final class DigestBuilder implements Serializable {

    private final ZoneId zone;
    private final LocalTime digestAt;
    private final TreeMap<LocalDate, Map<Recipient, Map<String, Incident>>> days = new TreeMap<>();

    /** @param digestAt the local time the day's digest is sent, the day after (for example 08:00) */
    public DigestBuilder(ZoneId zone, LocalTime digestAt) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.digestAt = Objects.requireNonNull(digestAt, "digestAt");
    }

    /** Marks {@code incident} for {@code to}'s digest of the day of its {@code asOf}; returns that day. */
    public LocalDate add(Recipient to, Incident incident) {
        LocalDate day = incident.asOf().atZone(zone).toLocalDate();
        add(day, to, incident);
        return day;
    }

    /** Marks {@code incident} for {@code to}'s digest of {@code day}. */
    public void add(LocalDate day, Recipient to, Incident incident) {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(incident, "incident");
        days.computeIfAbsent(day, d -> new LinkedHashMap<>())
                .computeIfAbsent(to, r -> new LinkedHashMap<>())
                .put(incident.state().id(), incident);
    }

    /** The digests of {@code day}, one per recipient; the day is forgotten. */
    public List<Alert> build(LocalDate day) {
        Map<Recipient, Map<String, Incident>> byRecipient = days.remove(day);
        if (byRecipient == null) {
            return List.of();
        }
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<Recipient, Map<String, Incident>> e : byRecipient.entrySet()) {
            List<Incident> incidents = new ArrayList<>(e.getValue().values());
            incidents.sort(Comparator.comparingInt((Incident i) -> i.priority().score()).reversed()
                    .thenComparing(i -> i.state().id()));
            String reason = "daily digest " + day + ": " + incidents.size()
                    + (incidents.size() == 1 ? " incident" : " incidents") + " below the alert threshold";
            out.add(new Alert(Alert.DIGEST, e.getKey(), 1, reason, incidents));
        }
        return out;
    }

    /** The digests due at {@code now}: of every day whose digest time (the next day at {@code digestAt}) has come. */
    public List<Alert> due(Instant now) {
        List<Alert> out = new ArrayList<>();
        for (LocalDate day : new ArrayList<>(days.keySet())) {
            if (!now.isBefore(sendTime(day))) {
                out.addAll(build(day));
            }
        }
        return out;
    }

    /** When the digest of {@code day} is due. */
    public Instant sendTime(LocalDate day) {
        ZonedDateTime at = day.plusDays(1).atTime(digestAt).atZone(zone);
        return at.toInstant();
    }

    /** The days with incidents waiting. */
    public List<LocalDate> pendingDays() {
        return List.copyOf(days.keySet());
    }
}
