package org.nigrani.jobs.incident;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.enrich.EnrichedPost;
import org.nigrani.jobs.state.JsonStateSerializer;

/**
 * Gathers the flagged posts of one incident key into incidents, and says which incident each post joined.
 *
 * <p>Every post goes out at once with its incident id. The incident itself goes out at most once per flush interval
 * (a second by default, well inside the seconds an alert may take), however many posts arrive: a re-share storm
 * of ten thousand posts costs a handful of writes, and a burst of new incidents one write each. An event-time timer at the end of time
 * flushes what is pending when a bounded input ends, since Flink drops pending processing-time timers then.
 *
 * <p>State is checkpointed as JSON ({@link JsonStateSerializer}): an explicit format that survives class
 * changes between releases, unlike Kryo.
 */
public final class IncidentTracker extends KeyedCoProcessFunction<String, LinkedPost, ReachUpdate, IncidentPost> {

    public static final OutputTag<Incident> INCIDENTS = new OutputTag<>("incidents", TypeInformation.of(Incident.class));
    /** Later looks at flagged posts, for their own documents. */
    public static final OutputTag<ReachUpdate> REACH = new OutputTag<>("reach", TypeInformation.of(ReachUpdate.class));

    private final IncidentSettings settings;
    private transient ValueState<IncidentState> incident;
    private transient ValueState<Boolean> dirty;
    private transient ValueState<Long> flushAt;
    private transient ValueState<Long> lastActivity;
    private transient ValueState<Long> arrivedAt;
    private transient Counter opened;
    private transient Counter written;
    // The latest post time this subtask has seen: "now" for recency, in stream time, so that a replay of old
    // posts ranks them as they ranked when they were new.
    private transient long streamTime;

    public IncidentTracker(IncidentSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        incident = getRuntimeContext().getState(new ValueStateDescriptor<>("incident", new JsonStateSerializer<>(IncidentState.class)));
        dirty = getRuntimeContext().getState(new ValueStateDescriptor<>("dirty", Types.BOOLEAN));
        flushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-at", Types.LONG));
        lastActivity = getRuntimeContext().getState(new ValueStateDescriptor<>("last-activity", Types.LONG));
        arrivedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("arrived-at", Types.LONG));
        opened = getRuntimeContext().getMetricGroup().counter("nigraniIncidentsOpened");
        written = getRuntimeContext().getMetricGroup().counter("nigraniIncidentUpdates");
    }

    @Override
    public void processElement1(LinkedPost linked, Context ctx, Collector<IncidentPost> out) throws Exception {
        EnrichedPost p = linked.post();
        Post post = p.flagged().post();
        streamTime = Math.max(streamTime, post.createdAt().toEpochMilli());
        long now = ctx.timerService().currentProcessingTime();
        IncidentState s = read();
        if (s == null || s.endedBefore(post.createdAt(), settings.gap())) {
            if (s != null && Boolean.TRUE.equals(dirty.value())) {
                emit(s, ctx);
            }
            s = IncidentState.start(ctx.getCurrentKey(), p);
            opened.inc();
            if (lastActivity.value() == null) {
                ctx.timerService().registerProcessingTimeTimer(now + settings.gap().toMillis());
            }
            write(s);
            markDirty(ctx, now);
        } else {
            s = s.add(p);
            write(s);
            markDirty(ctx, now);
        }
        lastActivity.update(now);
        out.collect(new IncidentPost(p, s.id(), postPriority(p)));
    }

    /** A later look at one of the incident's posts: its reach grows the incident's, a post gone is counted. */
    @Override
    public void processElement2(ReachUpdate reach, Context ctx, Collector<IncidentPost> out) throws Exception {
        ctx.output(REACH, reach);
        IncidentState s = read();
        if (s == null) {
            return;
        }
        write(s.withReach(reach));
        markDirty(ctx, ctx.timerService().currentProcessingTime());
    }

    private void markDirty(Context ctx, long now) throws IOException {
        dirty.update(true);
        if (arrivedAt.value() == null) {
            // The record's timestamp is when the job read it (set at the source): the start of an alert's latency.
            Long read = ctx.timestamp();
            arrivedAt.update(read != null && read > 0 && read < Long.MAX_VALUE ? read : now);
        }
        if (flushAt.value() == null) {
            long at = now + settings.flushInterval().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            flushAt.update(at);
            // Registering the same timer again is free: Flink keeps one per key and time.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IncidentPost> out) throws Exception {
        Long pending = flushAt.value();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME || (pending != null && pending == timestamp)) {
            flushAt.clear();
            if (Boolean.TRUE.equals(dirty.value())) {
                emit(read(), ctx);
            }
            return;
        }
        Long last = lastActivity.value();
        if (last == null) {
            return;
        }
        if (timestamp - last >= settings.gap().toMillis()) {
            // Quiet for a whole gap: any later post starts a new incident anyway, so the state can go.
            if (Boolean.TRUE.equals(dirty.value())) {
                emit(read(), ctx);
            }
            incident.clear();
            dirty.clear();
            flushAt.clear();
            lastActivity.clear();
            arrivedAt.clear();
        } else {
            ctx.timerService().registerProcessingTimeTimer(last + settings.gap().toMillis());
        }
    }

    private void emit(IncidentState s, Context ctx) throws IOException {
        IncidentState versioned = s.nextVersion();
        Instant asOf = Instant.ofEpochMilli(Math.max(streamTime, versioned.lastSeen()));
        IncidentState next = versioned.withReachPoint(asOf.toEpochMilli());
        Long arrived = arrivedAt.value();
        ctx.output(INCIDENTS, new Incident(next, next.priority(asOf), asOf, arrived == null ? 0 : arrived));
        arrivedAt.clear();
        // Remember the reach written now, so the next update can say whether growth speeds up or slows down.
        write(next.markReach());
        dirty.update(false);
        written.inc();
    }

    private Priority postPriority(EnrichedPost p) {
        Post post = p.flagged().post();
        return Priority.of(p.flagged().verdict().score(), p.flagged().verdict().category(), p.enrichment().hasVideo(),
                IncidentState.views(post), post.metrics().reposts(), 0,
                Duration.ofMillis(streamTime - post.createdAt().toEpochMilli()));
    }

    private IncidentState read() throws IOException {
        return incident.value();
    }

    private void write(IncidentState s) throws IOException {
        incident.update(s);
    }
}
