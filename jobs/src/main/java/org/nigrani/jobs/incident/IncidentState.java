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
 * @param version counts the updates written for the incident; led by the post count, so it also grows across a
 *     restart from a checkpoint
 * @param title the text of its most reposted post (the first, on a tie), cut to {@link #TITLE_CHARS} characters
 * @param titleReposts that post's repost count
 * @param media the most viewed video or photo of its posts, to show as its evidence; null when none
 * @param views the highest view count seen on any of its posts or their media
 * @param firstViews the view count when the incident was first seen, for growth
 * @param markViews the view count at the last update written, and {@code markAt} the time of its last post then,
 *     for the trend between updates
 * @param gonePosts how many of its posts a later look-up found deleted or withheld
 * @param reachHistory views at each update written when they had changed, oldest first, the last
 *     {@link #MAX_REACH_POINTS} only: what the console charts as reach over time
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
        String title,
        long titleReposts,
        MediaRef media,
        List<Enrichment.StationRef> stations,
        String city,
        Map<String, Integer> categories,
        List<String> victims,
        Map<String, Integer> officers,
        int officerTotal,
        boolean hasVideo,
        double maxScore,
        long views,
        long reposts,
        long firstViews,
        long markViews,
        long markAt,
        List<String> langs,
        int gonePosts,
        List<ReachPoint> reachHistory) implements Serializable {

    static final int MAX_RECENT_POSTS = 10;
    static final int MAX_LISTED = 12;
    static final int TITLE_CHARS = 280;
    /** Two days of hourly updates; enough for a chart, and bounded however long the incident lives. */
    static final int MAX_REACH_POINTS = 48;

    public IncidentState {
        // A checkpoint written before the history existed has none.
        reachHistory = reachHistory == null ? List.of() : List.copyOf(reachHistory);
    }

    /** A post's media as an incident shows it. */
    public record MediaRef(String type, String url, String previewUrl, long views) implements Serializable {}

    /** The incident's views as of {@code at} (epoch milliseconds, stream time). */
    public record ReachPoint(long at, long views) implements Serializable {}

    public static IncidentState start(String key, EnrichedPost p) {
        Post post = p.flagged().post();
        long at = post.createdAt().toEpochMilli();
        IncidentState empty = new IncidentState(IncidentKeys.incidentId(key, post.documentId()), key, 0, at, at, 0,
                post.documentId(), List.of(), null, -1, null, List.of(), null, Map.of(), List.of(), Map.of(), 0, false, 0,
                0, 0, views(post), 0, 0, List.of(), 0, List.of());
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
        boolean newTitle = post.metrics().reposts() > titleReposts;
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
                firstPostId, List.copyOf(recent),
                newTitle ? cut(post.text()) : title, newTitle ? post.metrics().reposts() : titleReposts,
                betterMedia(media, post), bounded(allStations), city != null ? city : e.city(),
                Map.copyOf(allCategories), bounded(allVictims), Map.copyOf(allOfficers),
                Math.max(officerTotal, e.officerTotal()), hasVideo || e.hasVideo(), Math.max(maxScore, verdict.score()),
                Math.max(views, views(post)), Math.max(reposts, Math.max(post.metrics().reposts(), postCount)),
                firstViews, markViews, markAt, bounded(allLangs), gonePosts, reachHistory);
    }

    /** Whether a post created at {@code createdAt} is too far after this incident to belong to it. */
    boolean endedBefore(Instant createdAt, Duration gap) {
        return createdAt.toEpochMilli() - lastSeen > gap.toMillis();
    }

    /** The state with the version of the update about to be written. */
    IncidentState nextVersion() {
        // Led by the post count, so that after a restart from a checkpoint the version keeps growing even when
        // the replay writes fewer updates than were written before the failure.
        return withMarks(Math.max(version + 1, postCount * 1000), markViews, markAt);
    }

    /** The state once an update is written: the trend of the next update is measured from here. */
    IncidentState markReach() {
        return withMarks(version, views, lastSeen);
    }

    private IncidentState withMarks(long newVersion, long newMarkViews, long newMarkAt) {
        return new IncidentState(id, key, newVersion, firstSeen, lastSeen, postCount, firstPostId, recentPostIds, title,
                titleReposts, media, stations, city, categories, victims, officers, officerTotal, hasVideo, maxScore, views,
                reposts, firstViews, newMarkViews, newMarkAt, langs, gonePosts, reachHistory);
    }

    /**
     * The state with its views as of {@code at} at the end of the reach history, when they changed since the last
     * point (a point at the same time is replaced rather than repeated).
     */
    IncidentState withReachPoint(long at) {
        ReachPoint last = reachHistory.isEmpty() ? null : reachHistory.get(reachHistory.size() - 1);
        if (last != null && last.views() == views) {
            return this;
        }
        List<ReachPoint> points = new ArrayList<>(reachHistory);
        if (last != null && last.at() >= at) {
            points.remove(points.size() - 1);
        }
        points.add(new ReachPoint(last == null ? at : Math.max(at, last.at()), views));
        while (points.size() > MAX_REACH_POINTS) {
            points.remove(0);
        }
        return new IncidentState(id, key, version, firstSeen, lastSeen, postCount, firstPostId, recentPostIds, title,
                titleReposts, media, stations, city, categories, victims, officers, officerTotal, hasVideo, maxScore, views,
                reposts, firstViews, markViews, markAt, langs, gonePosts, points);
    }

    /** The state after a later look-up of one of its posts: its reach now, or one more post gone. */
    public IncidentState withReach(ReachUpdate r) {
        if (r.gone()) {
            return new IncidentState(id, key, version, firstSeen, lastSeen, postCount, firstPostId, recentPostIds, title,
                    titleReposts, media, stations, city, categories, victims, officers, officerTotal, hasVideo, maxScore,
                    views, reposts, firstViews, markViews, markAt, langs, gonePosts + 1, reachHistory);
        }
        // Growth is measured against the time of the look-up, which is later than any post.
        long at = Math.max(lastSeen, r.checked().toEpochMilli());
        return new IncidentState(id, key, version, firstSeen, at, postCount, firstPostId, recentPostIds, title,
                titleReposts, media, stations, city, categories, victims, officers, officerTotal, hasVideo, maxScore,
                Math.max(views, r.views()), Math.max(reposts, r.reposts()), firstViews, markViews, markAt, langs, gonePosts,
                reachHistory);
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
        return perHour(views - firstViews, lastSeen - firstSeen);
    }

    /** Views gained per hour since the last update written; the whole life's rate before the first. */
    public double recentViewsPerHour() {
        return markAt == 0 ? viewsPerHour() : perHour(views - markViews, lastSeen - markAt);
    }

    /**
     * Whether views grow faster or slower than over the incident's life: {@code rising}, {@code steady},
     * {@code slowing}, or {@code none} when they do not grow.
     */
    public String trend() {
        double overall = viewsPerHour();
        double recent = recentViewsPerHour();
        if (overall <= 0 && recent <= 0) {
            return "none";
        }
        return recent > 1.25 * overall ? "rising" : recent < 0.8 * overall ? "slowing" : "steady";
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

    private static double perHour(long gained, long millis) {
        // At least a quarter of an hour, so that two posts a second apart do not look like explosive growth.
        return Math.max(0, gained) / Math.max(0.25, millis / 3_600_000.0);
    }

    private static MediaRef betterMedia(MediaRef current, Post post) {
        MediaRef best = current;
        for (Post.Media m : post.media()) {
            long v = m.viewCount() == null ? 0 : m.viewCount();
            boolean video = !"photo".equals(m.type());
            boolean bestIsVideo = best != null && !"photo".equals(best.type());
            // A video beats a photo as evidence; between two of a kind, the more viewed.
            if (best == null || (video && !bestIsVideo) || (video == bestIsVideo && v > best.views())) {
                best = new MediaRef(m.type(), m.url(), m.previewUrl(), v);
            }
        }
        return best;
    }

    private static String cut(String text) {
        if (text.codePointCount(0, text.length()) <= TITLE_CHARS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, TITLE_CHARS - 1)) + "…";
    }

    private static <T> List<T> bounded(LinkedHashSet<T> items) {
        return items.stream().limit(MAX_LISTED).toList();
    }
}
