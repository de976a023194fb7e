package org.nigrani.jobs.incident;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.source.x.CredentialsRefusedException;
import org.nigrani.jobs.source.x.PostLookup;
import org.nigrani.jobs.source.x.XPosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks flagged X posts with video up again on a schedule (by default 10 minutes, 1 hour, 6 hours and 24 hours after
 * they were flagged), since a video going viral is what makes a case urgent, and reports their reach, or that they
 * were deleted or withheld, so that neither the post nor its incident silently goes stale.
 *
 * <p>Keyed by one constant: look-ups are batched (100 ids a request) across all posts due, and flagged posts with
 * video are few. The schedule is plain keyed map state without a TTL (Flink's TTL clean-up walks a whole map under
 * one key on every access); a post leaves it after its last look-up or when found gone. Without a look-up client
 * (a file source) nothing is scheduled.
 */
public final class ReachRefresh extends KeyedProcessFunction<Integer, LinkedPost, ReachUpdate> {

    private static final Logger LOG = LoggerFactory.getLogger(ReachRefresh.class);

    /** Every post to the one schedule. */
    public static final class OneSchedule implements KeySelector<LinkedPost, Integer> {
        @Override
        public Integer getKey(LinkedPost post) {
            return 0;
        }
    }

    /**
     * @param after when to look a post up again, counted from when it was flagged
     * @param tick how often the schedule is checked for posts due
     */
    public record Settings(List<Duration> after, Duration tick) implements Serializable {
        public static final Settings DEFAULT = new Settings(
                List.of(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24)),
                Duration.ofSeconds(30));

        public Settings {
            after = List.copyOf(after);
            Objects.requireNonNull(tick, "tick");
            if (after.isEmpty() || tick.toMillis() < 10) {
                throw new IllegalArgumentException("a reach refresh needs at least one delay and a tick of 10ms or more");
            }
        }
    }

    /** A post waiting for its next look-up. */
    public record Scheduled(String key, String platformId, long createdAt, long flaggedAt, int stage) implements Serializable {}

    static final int BATCH = PostLookup.MAX_IDS;

    private final Settings settings;
    private final PostLookup.Factory lookups;
    private transient PostLookup lookup;
    private transient MapState<String, Scheduled> schedule;
    private transient ValueState<Long> tickAt;
    private transient Counter requests;
    private transient Counter gone;
    private transient Counter failures;

    /** @param lookups the look-up client's factory, or null for a source that cannot be looked up */
    public ReachRefresh(Settings settings, PostLookup.Factory lookups) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lookups = lookups;
    }

    @Override
    public void open(OpenContext context) {
        schedule = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("reach-schedule", Types.STRING, TypeInformation.of(Scheduled.class)));
        tickAt = getRuntimeContext().getState(new ValueStateDescriptor<>("reach-tick", Types.LONG));
        requests = getRuntimeContext().getMetricGroup().counter("nigraniReachLookups");
        gone = getRuntimeContext().getMetricGroup().counter("nigraniReachGone");
        failures = getRuntimeContext().getMetricGroup().counter("nigraniReachLookupErrors");
        lookup = lookups == null ? null : lookups.open();
    }

    @Override
    public void close() throws Exception {
        if (lookup != null) {
            lookup.close();
        }
    }

    @Override
    public void processElement(LinkedPost p, Context ctx, Collector<ReachUpdate> out) throws Exception {
        Post post = p.post().flagged().post();
        if (lookup == null || !"x".equals(post.platform()) || !p.post().enrichment().hasVideo()
                || schedule.contains(post.documentId())) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        schedule.put(post.documentId(), new Scheduled(p.key(), post.id(), post.createdAt().toEpochMilli(), now, 0));
        if (tickAt.value() == null) {
            long at = now + settings.tick().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            tickAt.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReachUpdate> out) throws Exception {
        tickAt.clear();
        Map<String, String> dueByPlatformId = new HashMap<>();
        for (Iterator<Map.Entry<String, Scheduled>> it = schedule.iterator(); it.hasNext(); ) {
            Map.Entry<String, Scheduled> e = it.next();
            Scheduled s = e.getValue();
            if (s.flaggedAt() + settings.after().get(s.stage()).toMillis() <= timestamp) {
                dueByPlatformId.put(s.platformId(), e.getKey());
            }
        }
        List<String> due = new ArrayList<>(dueByPlatformId.keySet());
        for (int from = 0; from < due.size(); from += BATCH) {
            List<String> batch = due.subList(from, Math.min(due.size(), from + BATCH));
            XPosts.Page page;
            try {
                requests.inc();
                page = lookup.lookup(batch);
            } catch (CredentialsRefusedException e) {
                throw e;
            } catch (IOException e) {
                // Kept on the schedule: the next tick tries again.
                failures.inc();
                LOG.warn("reach look-up of {} posts failed, retrying at the next tick: {}", batch.size(), e.getMessage());
                continue;
            }
            Instant checked = Instant.ofEpochMilli(timestamp);
            for (Post found : page.posts()) {
                String documentId = dueByPlatformId.get(found.id());
                if (documentId != null) {
                    report(documentId, ReachUpdate.LIVE, IncidentState.views(found), found.metrics().reposts(), checked, out);
                }
            }
            for (XPosts.Unusable u : page.unusable()) {
                String documentId = u.id() == null ? null : dueByPlatformId.get(u.id());
                if (documentId != null && (u.reason() == XPosts.Reason.DELETED || u.reason() == XPosts.Reason.WITHHELD)) {
                    gone.inc();
                    report(documentId, u.reason() == XPosts.Reason.DELETED ? ReachUpdate.DELETED : ReachUpdate.WITHHELD,
                            -1, -1, checked, out);
                }
            }
        }
        if (!schedule.isEmpty()) {
            long at = timestamp + settings.tick().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            tickAt.update(at);
        }
    }

    private void report(String documentId, String status, long views, long reposts, Instant checked,
            Collector<ReachUpdate> out) throws Exception {
        Scheduled s = schedule.get(documentId);
        if (s == null) {
            return;
        }
        out.collect(new ReachUpdate(s.key(), documentId, Instant.ofEpochMilli(s.createdAt()), status, views, reposts, checked));
        boolean last = s.stage() + 1 >= settings.after().size();
        if (last || !ReachUpdate.LIVE.equals(status)) {
            schedule.remove(documentId);
        } else {
            schedule.put(documentId, new Scheduled(s.key(), s.platformId(), s.createdAt(), s.flaggedAt(), s.stage() + 1));
        }
    }
}
