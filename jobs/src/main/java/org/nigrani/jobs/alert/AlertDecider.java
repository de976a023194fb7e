package org.nigrani.jobs.alert;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.state.JsonStateSerializer;
import org.nigrani.nlp.station.StationDirectory;

/**
 * Decides, for every update of an incident (keyed by its id), who is alerted now: {@link AlertRouting} says who,
 * {@link AlertPolicy} says whether, and the keyed {@link AlertLog} remembers what was sent to whom and when, so
 * each recipient hears of an incident once and again only when it escalates. Below the threshold an incident
 * goes to its recipients' daily digest ({@link #DIGESTS}); in quiet hours an alert is held.
 *
 * <p>Time is the incident's {@code asOf} (the time of its latest post), so a replay alerts as the live run would
 * have. A held alert is released when the stream reaches the end of quiet hours (an event-time timer, which a
 * bounded input's end also fires) or when the machine's clock has run as long (a processing-time timer), whichever
 * comes first. The log lives as long as an incident can still grow: twice the incident gap after its last update.
 */
public final class AlertDecider extends KeyedProcessFunction<String, Incident, Alert> {

    /** Incidents below the threshold, for their recipients' daily digest. */
    public static final OutputTag<DigestMark> DIGESTS = new OutputTag<>("digests", TypeInformation.of(DigestMark.class));

    /** Keys incidents by id. */
    public static final class ByIncident implements KeySelector<Incident, String> {
        @Override
        public String getKey(Incident incident) {
            return incident.state().id();
        }
    }

    /** Keys digest marks by recipient address. */
    public static final class ByRecipient implements KeySelector<DigestMark, String> {
        @Override
        public String getKey(DigestMark mark) {
            return key(mark.to());
        }
    }

    /** An incident for one recipient's digest. */
    /**
     * An incident for one recipient's digest, or, {@code withdrawn}, out of it: it crossed the threshold and was
     * alerted on its own, so the digest would list as "below the threshold" what the recipient was already told.
     */
    public record DigestMark(Recipient to, Incident incident, boolean withdrawn) implements java.io.Serializable {
        public DigestMark(Recipient to, Incident incident) {
            this(to, incident, false);
        }
    }

    private final AlertSettings settings;
    private final String stationsPath;
    private final Duration keep;
    private transient AlertRouting routing;
    private transient AlertPolicy policy;
    private transient ValueState<AlertLog> log;
    private transient Counter decided;

    /** @param keep how long an incident's log is kept after its last update (twice the incident gap) */
    public AlertDecider(AlertSettings settings, String stationsPath, Duration keep) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stationsPath = Objects.requireNonNull(stationsPath, "stationsPath");
        this.keep = Objects.requireNonNull(keep, "keep");
    }

    @Override
    public void open(OpenContext context) {
        routing = new AlertRouting(StationDirectory.load(Path.of(stationsPath)), settings.internalAffairs(),
                settings.conflictToInternalAffairs());
        policy = new AlertPolicy(settings.policy());
        ValueStateDescriptor<AlertLog> descriptor = new ValueStateDescriptor<>("alert-log", new JsonStateSerializer<>(AlertLog.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(keep).build());
        log = getRuntimeContext().getState(descriptor);
        decided = getRuntimeContext().getMetricGroup().counter("nigraniAlertsDecided");
    }

    @Override
    public void processElement(Incident incident, Context ctx, Collector<Alert> out) throws Exception {
        AlertLog current = log.value();
        current = current == null ? AlertLog.empty(incident) : current.withLatest(incident);
        long wallNow = ctx.timerService().currentProcessingTime();
        for (Recipient to : routing.recipients(incident.state())) {
            String email = key(to);
            AlertPolicy.Sent last = current.sent().get(email);
            AlertPolicy.Decision d = policy.decide(incident.state(), incident.priority(), last, incident.asOf());
            switch (d.kind()) {
                case SEND_FIRST, SEND_ESCALATION -> current = send(current, to, d, false, incident.asOf(), ctx, out);
                case HOLD_FOR_QUIET_HOURS -> {
                    if (!current.held().containsKey(email)) {
                        long streamAt = policy.quietEnds(incident.asOf()).toEpochMilli();
                        long wallAt = wallNow + Math.max(0, streamAt - incident.asOf().toEpochMilli());
                        current = current.withHeld(email, new AlertLog.Held(streamAt, wallAt));
                        ctx.timerService().registerEventTimeTimer(streamAt);
                        ctx.timerService().registerProcessingTimeTimer(wallAt);
                    }
                }
                case DIGEST -> {
                    ctx.output(DIGESTS, new DigestMark(to, incident));
                    current = current.withDigested(email);
                }
                case NOTHING -> { }
            }
        }
        log.update(current);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        AlertLog current = log.value();
        if (current == null || current.held().isEmpty()) {
            return;
        }
        boolean stream = ctx.timeDomain() == TimeDomain.EVENT_TIME;
        Incident incident = current.latest();
        List<AlertLog.Held> done = new ArrayList<>();
        for (Recipient to : routing.recipients(incident.state())) {
            AlertLog.Held h = current.held().get(key(to));
            if (h == null || (stream ? h.streamAt() : h.wallAt()) > timestamp) {
                continue;
            }
            done.add(h);
            // Decided again at the end of quiet hours, on the incident as it is now: the email shows the latest.
            Instant at = Instant.ofEpochMilli(Math.max(h.streamAt(), incident.asOf().toEpochMilli()));
            AlertPolicy.Decision d = policy.decide(incident.state(), incident.priority(), current.sent().get(key(to)), at);
            current = d.sends() ? send(current, to, d, true, at, ctx, out) : current.withoutHeld(key(to));
        }
        // Held for a recipient the incident no longer routes to (a conflict of interest found later): dropped.
        for (Map.Entry<String, AlertLog.Held> e : List.copyOf(current.held().entrySet())) {
            if ((stream ? e.getValue().streamAt() : e.getValue().wallAt()) <= timestamp) {
                current = current.withoutHeld(e.getKey());
                done.add(e.getValue());
            }
        }
        // The other clock's timer is no longer needed, unless a recipient still held shares it: Flink keeps one
        // timer per key and instant, and recipients held at different moments of one night share the stream's.
        for (AlertLog.Held h : done) {
            if (stream && current.held().values().stream().noneMatch(o -> o.wallAt() == h.wallAt())) {
                ctx.timerService().deleteProcessingTimeTimer(h.wallAt());
            } else if (!stream && current.held().values().stream().noneMatch(o -> o.streamAt() == h.streamAt())) {
                ctx.timerService().deleteEventTimeTimer(h.streamAt());
            }
        }
        log.update(current);
    }

    private AlertLog send(AlertLog current, Recipient to, AlertPolicy.Decision d, boolean held, Instant at, Context ctx,
            Collector<Alert> out) {
        Incident incident = current.latest();
        AlertPolicy.Sent last = current.sent().get(key(to));
        AlertPolicy.Sent next = AlertPolicy.sent(incident.state(), incident.priority(), last, at);
        String kind = d.kind() == AlertPolicy.Kind.SEND_FIRST ? Alert.FIRST : Alert.ESCALATION;
        out.collect(Alert.about(kind, to, next.sequence(), d.reason(), incident, held));
        if (current.digested().contains(key(to))) {
            ctx.output(DIGESTS, new DigestMark(to, incident, true));
        }
        decided.inc();
        return current.withSent(key(to), next);
    }

    private static String key(Recipient to) {
        return to.email().strip().toLowerCase(Locale.ROOT);
    }
}
