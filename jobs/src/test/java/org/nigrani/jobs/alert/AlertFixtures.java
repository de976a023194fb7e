package org.nigrani.jobs.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.classify.FlaggedPost;
import org.nigrani.jobs.enrich.EnrichedPost;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.incident.IncidentState;
import org.nigrani.nlp.classify.Verdict;

/** Incidents and alerts built by hand for the alert email tests. */
final class AlertFixtures {

    static final Instant T0 = Instant.parse("2023-11-06T13:30:00Z");
    static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
    static final Enrichment.StationRef SUPER_HIGHWAY =
            new Enrichment.StationRef("khi-site-super-highway", "SITE Super Highway", "Karachi");
    static final String WITNESS_TITLE =
            "Police beat a man at the checkpoint @witness_handle https://x.com/witness_handle/status/1 call 0300-1234567";
    static final AlertEmail.Settings SETTINGS =
            new AlertEmail.Settings("alerts@nigrani.example", "https://console.nigrani.example/", "excerpt");

    private AlertFixtures() {}

    static Incident incident(String title, List<Enrichment.StationRef> stations, int posts) {
        IncidentState s = null;
        for (int i = 0; i < posts; i++) {
            Instant at = T0.plusSeconds(60L * i);
            Post post = new Post("x", "p" + i, "https://x.com/author_" + i + "/status/" + i, "author_" + i, title, at,
                    "en", List.of(new Post.Media("video", "https://video.example/v" + i, null, 47_000L, 1000L * (i + 1))),
                    new Post.Metrics(posts - i, 0, 1000L * (i + 1)), null, null, new Post.SourceRef("test", 0));
            FlaggedPost flagged = new FlaggedPost(post, new Verdict("police_misconduct", 0.9, "violence", "en",
                    List.of("beat")), "m");
            EnrichedPost e = new EnrichedPost(flagged, new Enrichment(stations,
                    stations.isEmpty() ? null : stations.get(0).city(), List.of(new Enrichment.Officers("constable", 3)),
                    3, "street vendors", true, "https://video.example/v" + i));
            s = s == null ? IncidentState.start("k", e) : s.add(e);
        }
        Instant asOf = T0.plusSeconds(3600);
        return new Incident(s, s.priority(asOf), asOf);
    }

    static Alert alert(Incident incident, String email, int sequence) {
        return Alert.about(Alert.FIRST, new Recipient("Station House Officer SITE", email, "khi-site-super-highway"),
                sequence, "priority " + incident.priority().band(), incident, false);
    }
}
