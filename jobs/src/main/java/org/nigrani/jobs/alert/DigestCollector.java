package org.nigrani.jobs.alert;

import java.time.LocalDate;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.nigrani.jobs.state.JsonStateSerializer;

/**
 * Gathers, per recipient (keyed by address), the incidents {@link AlertDecider} put in the digest, and sends one
 * digest per recipient and day, the next morning at {@link AlertPolicy.Settings#digestAt()}.
 *
 * <p>Like the decider, a day's digest goes when the stream reaches its time (a replay; the end of a bounded input)
 * or when the machine's clock has run as long, whichever comes first. An incident marked for a day whose digest
 * already went starts that day again: it goes in a late digest of its own rather than being lost.
 */
public final class DigestCollector extends KeyedProcessFunction<String, AlertDecider.DigestMark, Alert> {

    private final AlertPolicy.Settings settings;
    private transient AlertPolicy policy;
    private transient ValueState<DigestDays> days;

    public DigestCollector(AlertPolicy.Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void open(OpenContext context) {
        policy = new AlertPolicy(settings);
        days = getRuntimeContext().getState(new ValueStateDescriptor<>("digest-days", new JsonStateSerializer<>(DigestDays.class)));
    }

    @Override
    public void processElement(AlertDecider.DigestMark mark, Context ctx, Collector<Alert> out) throws Exception {
        DigestDays current = days.value();
        if (mark.withdrawn()) {
            // Its timers stay: one firing on a day that is gone finds nothing to send.
            if (current != null) {
                current = current.withoutIncident(mark.incident().state().id());
                if (current.days().isEmpty()) {
                    days.clear();
                } else {
                    days.update(current);
                }
            }
            return;
        }
        current = current == null ? DigestDays.empty(mark.to()) : current;
        LocalDate day = policy.digestDay(mark.incident().asOf());
        long wallAt = 0;
        if (!current.has(day)) {
            long streamAt = policy.digestTime(day).toEpochMilli();
            wallAt = ctx.timerService().currentProcessingTime() + Math.max(0, streamAt - mark.incident().asOf().toEpochMilli());
            ctx.timerService().registerEventTimeTimer(streamAt);
            ctx.timerService().registerProcessingTimeTimer(wallAt);
        }
        days.update(current.add(day, mark.incident(), wallAt));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        DigestDays current = days.value();
        if (current == null) {
            return;
        }
        boolean stream = ctx.timeDomain() == TimeDomain.EVENT_TIME;
        for (LocalDate day : current.pending()) {
            long streamAt = policy.digestTime(day).toEpochMilli();
            long wallAt = current.sendAt().getOrDefault(day.toString(), Long.MAX_VALUE);
            if ((stream ? streamAt : wallAt) > timestamp) {
                continue;
            }
            out.collect(current.digest(day));
            current = current.without(day);
            if (stream) {
                // Flink keeps one timer per key and instant: another day due at the same wall-clock instant (marked
                // together, a day apart) still needs it.
                long shared = wallAt;
                if (current.sendAt().values().stream().noneMatch(at -> at == shared)) {
                    ctx.timerService().deleteProcessingTimeTimer(wallAt);
                }
            } else {
                ctx.timerService().deleteEventTimeTimer(streamAt);
            }
        }
        if (current.days().isEmpty()) {
            days.clear();
        } else {
            days.update(current);
        }
    }
}
