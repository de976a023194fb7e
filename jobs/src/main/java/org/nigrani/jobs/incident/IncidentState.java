package org.nigrani.jobs.incident;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.enrich.EnrichedPost;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.nlp.classify.Verdict;

/**
 * One incident as the job knows it: everything gathered from its posts so far.
 *
 * <p>Immutable; {@link #add} returns the next state. Lists are bounded (stations, victims, recent posts) so a
 * storm of re-shares cannot grow the state.
 *
 * @param version grows with every document written for the incident; Elasticsearch keeps the highest, so an
 *     update that arrives late, or again after a restart, never overwrites a newer one
 * @param views the highest view count seen on any of its posts or their video
 * @param firstViews the view count when the incident was first seen, for growth
 */
public record IncidentState(
        String id,
        String key,
        long version,
        long firstSeen,
        long lastSeen,
        long postCount,
        String firstPostId,
        List<String> recentPostIds,
        List<Enrichment.StationRef> stations,
        String city,
        Map<String, Integer> categories,
        List<String> victims,
        Map<String, Integer> officers,
        int officerTotal,
        boolean hasVideo,
        String videoUrl,
        double maxScore,
        long views,
        long reposts,
        long firstViews,
        List<String> langs) implements Serializable {

    static final int MAX_RECENT_POSTS = 10;
    static final int MAX_LISTED = 12;

    public static IncidentState start(String key, EnrichedPost p) {
        Post post = p.flagged().post();
        long at = post.createdAt().toEpochMilli();
        IncidentState empty = new IncidentState(IncidentKeys.incidentId(key, post.documentId()), key, 0, at, at, 0,
                post.documentId(), List.of(), List.of(), null, Map.of(), List.of(), Map.of(), 0, false, null, 0,
                0, 0, views(post), List.of());
        return empty.add(p);
    }

    public IncidentState add(EnrichedPost p) {
        Post post = p.flagged().post();
        Verdict verdict = p.flagged().verdict();
        Enrichment e = p.enrichment();
        long at = post.createdAt().toEpochMilli();

        List<String> recent = new ArrayList<>(recentPostIds);
        recent.add(post.documentId());
        if (recent.size() > MAX_RECENT_POSTS) {
            recent.remove(0);
        }
        LinkedHashSet<Enrichment.StationRef> allStations = new LinkedHashSet<>(stations);
        allStations.addAll(e.stations());
        Map<String, Integer> allCategories = new TreeMap<>(categories);
        allCategories.merge(verdict.category(), 1, Integer::sum);
        LinkedHashSet<String> allVictims = new LinkedHashSet<>(victims);
        if (e.victims() != null) {
            allVictims.add(e.victims());
        }
        Map<String, Integer> allOfficers = new TreeMap<>(officers);
        for (Enrichment.Officers o : e.officers()) {
            allOfficers.merge(o.rank(), o.count(), Math::max);
        }
        LinkedHashSet<String> allLangs = new LinkedHashSet<>(langs);
        allLangs.add(verdict.lang());
        return new IncidentState(id, key, version, Math.min(firstSeen, at), Math.max(lastSeen, at), postCount + 1,
                firstPostId, List.copyOf(recent), bounded(allStations), city != null ? city : e.city(),
                Map.copyOf(allCategories), bounded(allVictims), Map.copyOf(allOfficers),
                Math.max(officerTotal, e.officerTotal()), hasVideo || e.hasVideo(),
                videoUrl != null ? videoUrl : e.videoUrl(), Math.max(maxScore, verdict.score()),
                Math.max(views, views(post)), Math.max(reposts, Math.max(post.metrics().reposts(), postCount)),
                firstViews, bounded(allLangs));
    }

    /** Whether a post created at {@code createdAt} is too far after this incident to belong to it. */
    boolean endedBefore(Instant createdAt, Duration gap) {
        return createdAt.toEpochMilli() - lastSeen > gap.toMillis();
    }

    /** The state with the version of the document about to be written. */
    IncidentState nextVersion() {
        // Led by the post count, so that after a restart from a checkpoint the replayed updates, which can be
        // fewer than those written before the failure, still end on a version above every earlier one.
        long next = Math.max(version + 1, postCount * 1000);
        return new IncidentState(id, key, next, firstSeen, lastSeen, postCount, firstPostId, recentPostIds, stations,
                city, categories, victims, officers, officerTotal, hasVideo, videoUrl, maxScore, views, reposts,
                firstViews, langs);
    }

    /** The category the incident is mostly about; on a tie, the more severe. */
    public String category() {
        String best = null;
        for (Map.Entry<String, Integer> c : categories.entrySet()) {
            if (best == null || c.getValue() > categories.get(best)
                    || (c.getValue().equals(categories.get(best)) && Priority.severity(c.getKey()) > Priority.severity(best))) {
                best = c.getKey();
            }
        }
        return best;
    }

    /** Views gained per hour since the incident was first seen. */
    public double viewsPerHour() {
        // At least a quarter of an hour, so that two posts a second apart do not look like explosive growth.
        double hours = Math.max(0.25, (lastSeen - firstSeen) / 3_600_000.0);
        return Math.max(0, views - firstViews) / hours;
    }

    public Priority priority(Instant asOf) {
        String mostSevere = categories.keySet().stream()
                .max((a, b) -> Double.compare(Priority.severity(a), Priority.severity(b))).orElse("other_misconduct");
        return Priority.of(maxScore, mostSevere, hasVideo, views, reposts, viewsPerHour(),
                Duration.ofMillis(asOf.toEpochMilli() - lastSeen));
    }

    static long views(Post post) {
        long v = post.metrics().views();
        for (Post.Media m : post.media()) {
            if (m.viewCount() != null) {
                v = Math.max(v, m.viewCount());
            }
        }
        return v;
    }

    private static <T> List<T> bounded(LinkedHashSet<T> items) {
        return items.stream().limit(MAX_LISTED).toList();
    }
}
