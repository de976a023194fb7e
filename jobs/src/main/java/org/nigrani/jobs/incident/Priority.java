package org.nigrani.jobs.incident;

import java.io.Serializable;
import java.time.Duration;

/**
 * How urgent a post or an incident is, 0..100, with the components it was computed from so that the console and
 * the alert can explain the number.
 *
 * <pre>
 * priority = round(100 × (0.30 confidence + 0.20 severity + 0.15 video + 0.15 reach + 0.10 growth + 0.10 recency))
 * </pre>
 * Each component is in 0..1:
 * <ul>
 *   <li>confidence: the classifier's calibrated score (an incident: its highest);</li>
 *   <li>severity: by category, violence 1.0, unlawful detention 0.8, extortion 0.6, harassment 0.6, other 0.4
 *       (an incident: its most severe);</li>
 *   <li>video: 1 when there is video evidence, else 0;</li>
 *   <li>reach: log10(1 + views + 20 × reposts) / 6, capped at 1 (a million views is full reach);</li>
 *   <li>growth: log10(1 + views gained per hour) / 5, capped at 1 (100,000 an hour is full growth);</li>
 *   <li>recency: 0.5^(age / 24 h), where age is how long before the stream's current time the last post was.</li>
 * </ul>
 * Confidence and severity weigh most because they are what the post says; reach and growth are what makes a case
 * urgent once it is credible. Bands: P1 ≥ 80, P2 ≥ 60, P3 ≥ 40, P4 below.
 */
public record Priority(int score, String band, Components components) implements Serializable {

    public static final double W_CONFIDENCE = 0.30;
    public static final double W_SEVERITY = 0.20;
    public static final double W_VIDEO = 0.15;
    public static final double W_REACH = 0.15;
    public static final double W_GROWTH = 0.10;
    public static final double W_RECENCY = 0.10;

    /** The inputs of the formula, each in 0..1. */
    public record Components(double confidence, double severity, double video, double reach, double growth,
            double recency) implements Serializable {
        public Components {
            check("confidence", confidence);
            check("severity", severity);
            check("video", video);
            check("reach", reach);
            check("growth", growth);
            check("recency", recency);
        }

        private static void check(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("priority component " + name + " must be in 0..1, was " + value);
            }
        }
    }

    public static Priority of(Components c) {
        double sum = W_CONFIDENCE * c.confidence() + W_SEVERITY * c.severity() + W_VIDEO * c.video()
                + W_REACH * c.reach() + W_GROWTH * c.growth() + W_RECENCY * c.recency();
        int score = (int) Math.round(100 * sum);
        return new Priority(score, band(score), c);
    }

    public static Priority of(double confidence, String category, boolean video, long views, long reposts,
            double viewsPerHour, Duration age) {
        return of(new Components(confidence, severity(category), video ? 1 : 0, reach(views, reposts),
                growth(viewsPerHour), recency(age)));
    }

    public static String band(int score) {
        return score >= 80 ? "P1" : score >= 60 ? "P2" : score >= 40 ? "P3" : "P4";
    }

    static double severity(String category) {
        return switch (category) {
            case "violence" -> 1.0;
            case "unlawful_detention" -> 0.8;
            case "extortion", "harassment" -> 0.6;
            default -> 0.4;
        };
    }

    static double reach(long views, long reposts) {
        return Math.min(1, Math.log10(1 + Math.max(0, views) + 20.0 * Math.max(0, reposts)) / 6);
    }

    static double growth(double viewsPerHour) {
        return Math.min(1, Math.log10(1 + Math.max(0, viewsPerHour)) / 5);
    }

    static double recency(Duration age) {
        double hours = Math.max(0, age.toMillis()) / 3_600_000.0;
        return Math.pow(0.5, hours / 24);
    }
}
