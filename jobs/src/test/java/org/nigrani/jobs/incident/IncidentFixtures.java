package org.nigrani.jobs.incident;

import java.time.Instant;
import java.util.List;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.classify.FlaggedPost;
import org.nigrani.jobs.enrich.EnrichedPost;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.nlp.classify.Verdict;

/** Builds enriched posts for incident tests, with fixed instants. */
final class IncidentFixtures {

    static final Instant T0 = Instant.parse("2023-11-06T13:30:00Z");
    static final Enrichment.StationRef SUPER_HIGHWAY =
            new Enrichment.StationRef("khi-site-super-highway", "SITE Super Highway", "Karachi");
    static final Enrichment.StationRef HATRI = new Enrichment.StationRef("hyd-hatri", "Hatri", "Hyderabad");

    private IncidentFixtures() {}

    static EnrichedPost post(String id, Instant at, String text, String videoUrl, List<Enrichment.StationRef> stations,
            String category, String repostOf, long views) {
        List<Post.Media> media = videoUrl == null ? List.of()
                : List.of(new Post.Media("video", videoUrl, null, 47_000L, views));
        Post post = new Post("x", id, "https://x.com/someone/status/" + id, "someone", text, at, "en", media,
                new Post.Metrics(0, 0, views), null, repostOf, new Post.SourceRef("test", 0));
        FlaggedPost flagged = new FlaggedPost(post, new Verdict("police_misconduct", 0.9, category, "en", List.of("cops")), "m");
        return new EnrichedPost(flagged, new Enrichment(stations, stations.isEmpty() ? null : stations.get(0).city(),
                List.of(new Enrichment.Officers("constable", 3)), 3, "refugees", videoUrl != null, videoUrl));
    }

    static EnrichedPost video(String id, Instant at, String caption, String videoUrl) {
        return post(id, at, caption, videoUrl, List.of(), "harassment", null, 1000);
    }

    static EnrichedPost atStation(String id, Instant at, Enrichment.StationRef station, String category) {
        return post(id, at, "Police at " + station.name() + " took money", null, List.of(station), category, null, 100);
    }

    static EnrichedPost plain(String id, Instant at, String text) {
        return post(id, at, text, null, List.of(), "other_misconduct", null, 10);
    }
}
