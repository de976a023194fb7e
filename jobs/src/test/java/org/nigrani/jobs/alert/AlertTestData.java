package org.nigrani.jobs.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.incident.IncidentState;
import org.nigrani.jobs.incident.Priority;

/** Incidents and priorities for alert tests, built directly from their records. */
final class AlertTestData {

    static final Instant T0 = Instant.parse("2023-11-06T08:30:00Z"); // 13:30 in Karachi

    private AlertTestData() {}

    static IncidentState incident(String id, List<Enrichment.StationRef> stations, Map<String, Integer> officers,
            long views, boolean video) {
        long at = T0.toEpochMilli();
        return new IncidentState(id, "k-" + id, 1, at, at, 1, "p-" + id, List.of("p-" + id), "Police took money", 0,
                null, stations, null, Map.of("extortion", 1), List.of(), officers,
                officers.values().stream().mapToInt(Integer::intValue).sum(), video, 0.9, views, 0, views, 0, 0,
                List.of("en"), 0, List.of());
    }

    static IncidentState incident(long views, boolean video) {
        return incident("i1", List.of(), Map.of("constable", 2), views, video);
    }

    static Priority priority(int score) {
        return new Priority(score, Priority.band(score), new Priority.Components(0, 0, 0, 0, 0, 0));
    }

    static Incident scored(String id, int score, Instant asOf) {
        return new Incident(incident(id, List.of(), Map.of(), 10, false), priority(score), asOf);
    }
}
