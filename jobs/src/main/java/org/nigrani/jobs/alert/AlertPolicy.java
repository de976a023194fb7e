package org.nigrani.jobs.alert;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nigrani.jobs.incident.IncidentState;
import org.nigrani.jobs.incident.Priority;

/**
 * When an alert email about an incident goes to one recipient: a pure decision over what was last sent to them.
 *
 * <ul>
 *   <li>First alert: nothing sent yet and {@code priority.score ≥ threshold} → {@link Kind#SEND_FIRST}.</li>
 *   <li>Below the threshold with nothing sent → {@link Kind#DIGEST}: the incident goes into the recipient's daily
 *       digest ({@link DigestBuilder} keeps it once per incident per day per recipient).</li>
 *   <li>One email per incident per recipient: once sent, nothing more ({@link Kind#NOTHING}) unless it escalates
 *       → {@link Kind#SEND_ESCALATION}, with the reasons in words:
 *       <ul>
 *         <li>band up: the band is higher than the one last sent (P3 → P2, P2 → P1 ...);</li>
 *         <li>reach ×10: {@code views ≥ 10 × max(last views, }{@value #REACH_FLOOR}{@code )}, so growth from
 *             almost nothing (0 → 1, 5 → 60) does not count;</li>
 *         <li>video: the incident has video evidence and had none at the last alert.</li>
 *       </ul></li>
 *   <li>Quiet hours ({@code quietFrom} inclusive to {@code quietTo} exclusive, local time in {@code zone}; may wrap
 *       midnight; equal times mean no quiet hours) turn a first alert or an escalation into
 *       {@link Kind#HOLD_FOR_QUIET_HOURS} unless its band is {@code alwaysBand} or higher. The caller keeps what it
 *       held and asks again at {@link #quietEnds}.</li>
 * </ul>
 * Immutable and thread-safe; no Flink types.
 */
public final class AlertPolicy implements Serializable {

    /** The least view count reach growth is measured from (see the class comment). */
    public static final long REACH_FLOOR = 100;

    /**
     * @param threshold the priority score (0..100) at which an incident earns an alert of its own
     * @param quietFrom start of the quiet hours, local time
     * @param quietTo end of the quiet hours (exclusive), local time; before {@code quietFrom} when they wrap midnight
     * @param zone the zone of the quiet hours (Asia/Karachi)
     * @param alwaysBand the lowest band sent even in quiet hours ("P1": only P1)
     * @param digestAt when a day's digest goes out, local time, the next day
     */
    public record Settings(int threshold, LocalTime quietFrom, LocalTime quietTo, ZoneId zone, String alwaysBand,
            LocalTime digestAt) implements Serializable {
        public Settings {
            if (threshold < 0 || threshold > 100) {
                throw new IllegalArgumentException("alert threshold must be a priority score 0..100, was " + threshold);
            }
            Objects.requireNonNull(quietFrom, "quietFrom");
            Objects.requireNonNull(quietTo, "quietTo");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(alwaysBand, "alwaysBand");
            Objects.requireNonNull(digestAt, "digestAt");
            if (bandLevel(alwaysBand) < 0) {
                throw new IllegalArgumentException("alwaysBand must be one of P1, P2, P3, P4, was '" + alwaysBand + "'");
            }
        }

        /** Karachi defaults: quiet 22:00-07:00 Asia/Karachi, only P1 in quiet hours, digests at 08:00. */
        public static Settings karachi(int threshold) {
            return new Settings(threshold, LocalTime.of(22, 0), LocalTime.of(7, 0), ZoneId.of("Asia/Karachi"), "P1",
                    LocalTime.of(8, 0));
        }
    }

    /** What was last sent about one incident to one recipient. */
    public record Sent(int sequence, String band, long views, boolean video, Instant at) implements Serializable {
        public Sent {
            if (sequence < 1) {
                throw new IllegalArgumentException("sequence starts at 1, was " + sequence);
            }
            if (bandLevel(Objects.requireNonNull(band, "band")) < 0) {
                throw new IllegalArgumentException("unknown band '" + band + "'");
            }
            if (views < 0) {
                throw new IllegalArgumentException("views must be ≥ 0, was " + views);
            }
            Objects.requireNonNull(at, "at");
        }
    }

    public enum Kind { SEND_FIRST, SEND_ESCALATION, HOLD_FOR_QUIET_HOURS, DIGEST, NOTHING }

    /** A decision with its reason in words (for the email, or for the log when nothing is sent). */
    public record Decision(Kind kind, String reason) implements Serializable {
        public Decision {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        public boolean sends() {
            return kind == Kind.SEND_FIRST || kind == Kind.SEND_ESCALATION;
        }
    }

    private final Settings settings;

    public AlertPolicy(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** What to do about {@code incident} for one recipient, given what was last sent to them ({@code null}: nothing). */
    public Decision decide(IncidentState incident, Priority priority, Sent last, Instant now) {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(now, "now");
        String reason;
        Kind kind;
        if (last == null) {
            if (priority.score() < settings.threshold()) {
                return new Decision(Kind.DIGEST, "priority " + priority.band() + " (" + priority.score()
                        + ") below the alert threshold " + settings.threshold());
            }
            kind = Kind.SEND_FIRST;
            reason = "priority " + priority.band() + " (" + priority.score() + ")";
        } else {
            List<String> why = escalations(incident, priority, last);
            if (why.isEmpty()) {
                return new Decision(Kind.NOTHING, "already alerted (#" + last.sequence() + "), no escalation");
            }
            kind = Kind.SEND_ESCALATION;
            reason = String.join("; ", why);
        }
        if (quiet(now) && bandLevel(priority.band()) > bandLevel(settings.alwaysBand())) {
            return new Decision(Kind.HOLD_FOR_QUIET_HOURS, reason);
        }
        return new Decision(kind, reason);
    }

    /** What to remember as sent once a decision that {@link Decision#sends() sends} is carried out. */
    public static Sent sent(IncidentState incident, Priority priority, Sent last, Instant now) {
        return new Sent(last == null ? 1 : last.sequence() + 1, priority.band(), Math.max(0, incident.views()),
                incident.hasVideo(), now);
    }

    /** The local day an incident as of {@code at} is digested under. */
    public LocalDate digestDay(Instant at) {
        return at.atZone(settings.zone()).toLocalDate();
    }

    /** When the digest of {@code day} goes out: the next day at {@code digestAt}, local time. */
    public Instant digestTime(LocalDate day) {
        return day.plusDays(1).atTime(settings.digestAt()).atZone(settings.zone()).toInstant();
    }

    /** Whether {@code at} falls in the quiet hours. */
    public boolean quiet(Instant at) {
        LocalTime t = at.atZone(settings.zone()).toLocalTime();
        LocalTime from = settings.quietFrom();
        LocalTime to = settings.quietTo();
        if (from.equals(to)) {
            return false;
        }
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** When the quiet hours {@code at} is in end; {@code at} itself when it is not in quiet hours. */
    public Instant quietEnds(Instant at) {
        if (!quiet(at)) {
            return at;
        }
        ZonedDateTime z = at.atZone(settings.zone());
        ZonedDateTime end = z.toLocalDate().atTime(settings.quietTo()).atZone(settings.zone());
        if (!end.isAfter(z)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }

    private static List<String> escalations(IncidentState incident, Priority priority, Sent last) {
        List<String> why = new ArrayList<>();
        if (bandLevel(priority.band()) < bandLevel(last.band())) {
            why.add("priority up " + last.band() + " → " + priority.band());
        }
        if (incident.views() >= 10 * Math.max(last.views(), REACH_FLOOR)) {
            why.add("reach ×10 since the last alert (" + last.views() + " → " + incident.views() + " views)");
        }
        if (incident.hasVideo() && !last.video()) {
            why.add("video evidence appeared");
        }
        return why;
    }

    /** 1 for P1 (the top band) .. 4 for P4; -1 for anything else. */
    static int bandLevel(String band) {
        return switch (band) {
            case "P1" -> 1;
            case "P2" -> 2;
            case "P3" -> 3;
            case "P4" -> 4;
            default -> -1;
        };
    }
}
