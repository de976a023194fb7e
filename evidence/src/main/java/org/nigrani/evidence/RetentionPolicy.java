package org.nigrani.evidence;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How long evidence is kept, by the triage status of the incidents its posts belong to: a duration per status
 * ({@code new}, {@code in_review}, {@code escalated}, {@code dismissed}, {@code closed}), counted from when the incident
 * took that status; {@link Duration#ZERO} keeps it for ever.
 *
 * <p>An item is removed only when every incident linking it is past its rule: one incident still under review keeps
 * the video that a dismissed one shares. Anything unknown (no linking post, an incident without a status or a time,
 * a status this policy has no rule for) keeps the item, because a removal cannot be undone and missing data is
 * not a decision.
 */
public record RetentionPolicy(Duration newIncident, Duration inReview, Duration escalated, Duration dismissed,
        Duration closed) implements Serializable {

    /** The triage statuses, as the {@code triage} index and {@code evidence.retention.<status>} keys spell them. */
    public static final List<String> STATUSES = List.of("new", "in_review", "escalated", "dismissed", "closed");
    public static final Duration FOR_EVER = Duration.ZERO;
    /** Dismissed incidents' evidence for 30 days, closed ones' for five years, everything else for ever. */
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(FOR_EVER, FOR_EVER, FOR_EVER, Duration.ofDays(30),
            Duration.ofDays(1825));

    private static final String KEY = "evidence.retention.";

    public RetentionPolicy {
        requireValid("new", newIncident);
        requireValid("in_review", inReview);
        requireValid("escalated", escalated);
        requireValid("dismissed", dismissed);
        requireValid("closed", closed);
    }

    /**
     * The default policy with the given statuses' durations replaced, for settings that name some of them.
     *
     * @throws IllegalArgumentException naming {@code evidence.retention.<status>} and the allowed names, for a status
     *     that is not one of {@link #STATUSES}, or for a negative duration
     */
    public static RetentionPolicy of(Map<String, Duration> byStatus) {
        RetentionPolicy p = DEFAULT;
        for (Map.Entry<String, Duration> e : byStatus.entrySet()) {
            p = p.with(e.getKey(), e.getValue());
        }
        return p;
    }

    /** This policy with one status's duration replaced. */
    public RetentionPolicy with(String status, Duration keep) {
        Map<String, Duration> d = asMap();
        d.put(requireStatus(status), keep);
        return new RetentionPolicy(d.get("new"), d.get("in_review"), d.get("escalated"), d.get("dismissed"), d.get("closed"));
    }

    /** How long an incident's evidence is kept in {@code status}; {@link #FOR_EVER} is zero. */
    public Duration keepFor(String status) {
        return asMap().get(requireStatus(status));
    }

    /** Each status and its duration, in the order of {@link #STATUSES}. */
    public Map<String, Duration> asMap() {
        Map<String, Duration> d = new LinkedHashMap<>();
        d.put("new", newIncident);
        d.put("in_review", inReview);
        d.put("escalated", escalated);
        d.put("dismissed", dismissed);
        d.put("closed", closed);
        return d;
    }

    /**
     * One incident linking the item, through one of its posts.
     *
     * @param status the incident's triage status; null when unknown
     * @param since when the incident took that status; null when unknown
     */
    public record Link(String incident, String status, Instant since) implements Serializable {}

    /**
     * Keep or remove, and why.
     *
     * @param rule for a removal, the rule that expired last, such as {@code dismissed for more than 30d since
     *     2026-01-02}; null when kept
     * @param incident for a removal, the incident whose rule that is; null when kept
     * @param reason a sentence for the operator, for either outcome
     */
    public record Decision(boolean remove, String rule, String incident, String reason) implements Serializable {

        static Decision keep(String reason) {
            return new Decision(false, null, null, reason);
        }
    }

    /** Whether an item linked by {@code links} is to be removed at {@code now}. */
    public Decision decide(Collection<Link> links, Instant now) {
        Objects.requireNonNull(now, "now");
        if (links.isEmpty()) {
            return Decision.keep("no flagged post links it (its posts are gone or were not found): kept, never removed on "
                    + "missing data");
        }
        Link binding = null;
        Instant latest = null;
        for (Link link : links) {
            String incident = link.incident() == null ? "(none)" : link.incident();
            if (link.incident() == null || link.status() == null || link.since() == null) {
                return Decision.keep("incident " + incident + " has no known status or status time: kept");
            }
            if (!STATUSES.contains(link.status())) {
                return Decision.keep("incident " + incident + " has status '" + link.status()
                        + "', which has no retention rule: kept");
            }
            Duration keep = keepFor(link.status());
            if (keep.isZero()) {
                return Decision.keep("incident " + incident + " is " + link.status() + ": kept for ever");
            }
            Instant until = link.since().plus(keep);
            if (!now.isAfter(until)) {
                return Decision.keep("incident " + incident + " is " + link.status() + " since " + link.since() + ": kept until "
                        + until);
            }
            if (latest == null || until.isAfter(latest)) {
                latest = until;
                binding = link;
            }
        }
        String rule = link(binding);
        String all = links.stream().map(Link::incident).distinct().collect(Collectors.joining(", "));
        return new Decision(true, rule, binding.incident(), "every incident linking it (" + all
                + ") is past its rule; the last to expire: incident " + binding.incident() + " " + rule);
    }

    private String link(Link l) {
        return l.status() + " for more than " + format(keepFor(l.status())) + " since "
                + l.since().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** A duration as the README writes it: {@code 30d}, {@code 12h}, {@code 90m} or {@code 45s}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s != 0 && s % 86_400 == 0 && d.getNano() == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3_600 == 0 && d.getNano() == 0) {
            return s / 3_600 + "h";
        }
        if (s != 0 && s % 60 == 0 && d.getNano() == 0) {
            return s / 60 + "m";
        }
        return d.getNano() == 0 ? s + "s" : d.toString();
    }

    private static String requireStatus(String status) {
        if (status == null || !STATUSES.contains(status)) {
            throw new IllegalArgumentException(KEY + status + " is not a triage status; allowed: "
                    + STATUSES.stream().map(s -> KEY + s).collect(Collectors.joining(", ")));
        }
        return status;
    }

    private static void requireValid(String status, Duration keep) {
        if (keep == null) {
            throw new IllegalArgumentException(KEY + status + " must be set (0 keeps evidence for ever)");
        }
        if (keep.isNegative()) {
            throw new IllegalArgumentException(KEY + status + " must be 0 (for ever) or a positive duration; was " + keep);
        }
    }
}
