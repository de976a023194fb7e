package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nigrani.evidence.RetentionPolicy.Decision;
import org.nigrani.evidence.RetentionPolicy.Link;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final RetentionPolicy P = RetentionPolicy.DEFAULT;

    private static Link link(String incident, String status, Duration ago) {
        return new Link(incident, status, NOW.minus(ago));
    }

    private static Duration days(long d) {
        return Duration.ofDays(d);
    }

    @Test
    void theDefaultKeepsDismissedThirtyDaysClosedFiveYearsAndTheRestForEver() {
        assertThat(P.keepFor("dismissed")).isEqualTo(days(30));
        assertThat(P.keepFor("closed")).isEqualTo(days(1825));
        assertThat(P.keepFor("new")).isZero();
        assertThat(P.keepFor("in_review")).isZero();
        assertThat(P.keepFor("escalated")).isZero();
        assertThat(P.asMap()).containsOnlyKeys(RetentionPolicy.STATUSES);
    }

    @Test
    void aDismissedIncidentsItemGoesAfterThirtyDaysNamingTheRule() {
        Decision d = P.decide(List.of(new Link("i-1", "dismissed", Instant.parse("2026-01-02T08:00:00Z"))), NOW);
        assertThat(d.remove()).isTrue();
        assertThat(d.rule()).isEqualTo("dismissed for more than 30d since 2026-01-02");
        assertThat(d.incident()).isEqualTo("i-1");
        assertThat(d.reason()).contains("i-1").contains(d.rule());
    }

    @Test
    void beforeItsTimeAndAtExactlyItsEndTheItemIsKept() {
        Decision young = P.decide(List.of(link("i-1", "dismissed", days(5))), NOW);
        assertThat(young.remove()).isFalse();
        assertThat(young.rule()).isNull();
        assertThat(young.reason()).contains("i-1 is dismissed").contains("kept until");

        assertThat(P.decide(List.of(link("i-1", "dismissed", days(30))), NOW).remove()).as("at exactly 30 days").isFalse();
        assertThat(P.decide(List.of(link("i-1", "dismissed", days(30).plusSeconds(1))), NOW).remove()).isTrue();
    }

    @Test
    void closedIsKeptFiveYears() {
        assertThat(P.decide(List.of(link("i-1", "closed", days(1000))), NOW).remove()).isFalse();
        Decision old = P.decide(List.of(link("i-1", "closed", days(1826))), NOW);
        assertThat(old.remove()).isTrue();
        assertThat(old.rule()).startsWith("closed for more than 1825d since ");
    }

    @Test
    void statusesKeptForEverAreNeverRemovedHoweverOld() {
        for (String s : List.of("new", "in_review", "escalated")) {
            Decision d = P.decide(List.of(link("i-1", s, days(100_000))), NOW);
            assertThat(d.remove()).as(s).isFalse();
            assertThat(d.reason()).contains("kept for ever");
        }
    }

    @Test
    void anyIncidentWhoseRuleKeepsTheItemKeepsIt() {
        Decision shared = P.decide(List.of(link("old", "dismissed", days(40)), link("fresh", "new", days(40))), NOW);
        assertThat(shared.remove()).isFalse();
        assertThat(shared.reason()).contains("fresh is new");

        Decision recent = P.decide(List.of(link("old", "dismissed", days(40)), link("recent", "dismissed", days(3))), NOW);
        assertThat(recent.remove()).isFalse();
        assertThat(recent.reason()).contains("recent");
    }

    @Test
    void whenAllHaveExpiredTheRuleNamedIsTheOneThatExpiredLast() {
        Decision d = P.decide(List.of(link("a", "dismissed", days(400)), link("b", "closed", days(2000)),
                link("c", "dismissed", days(31))), NOW);
        assertThat(d.remove()).isTrue();
        assertThat(d.incident()).isEqualTo("c");
        assertThat(d.rule()).startsWith("dismissed for more than 30d");
        assertThat(d.reason()).contains("a, b, c");
    }

    @Test
    void missingDataKeepsTheItem() {
        Decision noPosts = P.decide(List.of(), NOW);
        assertThat(noPosts.remove()).isFalse();
        assertThat(noPosts.reason()).contains("no flagged post links it").contains("never removed on missing data");

        assertThat(P.decide(List.of(link("old", "dismissed", days(40)), new Link("x", null, NOW.minus(days(40)))), NOW).remove())
                .as("unknown status").isFalse();
        assertThat(P.decide(List.of(new Link("x", "dismissed", null)), NOW).remove()).as("unknown time").isFalse();
        assertThat(P.decide(List.of(new Link(null, "dismissed", NOW.minus(days(40)))), NOW).remove()).as("post without incident")
                .isFalse();
        Decision odd = P.decide(List.of(link("x", "archived", days(4000))), NOW);
        assertThat(odd.remove()).isFalse();
        assertThat(odd.reason()).contains("'archived'").contains("no retention rule");
    }

    @Test
    void aStatusTakenInTheFutureByClockSkewIsKept() {
        assertThat(P.decide(List.of(new Link("x", "dismissed", NOW.plus(days(1)))), NOW).remove()).isFalse();
    }

    @Test
    void configuredDurationsReplaceTheDefaultOnesForTheirStatusAlone() {
        RetentionPolicy p = RetentionPolicy.of(Map.of("new", days(365), "dismissed", Duration.ofHours(12)));
        assertThat(p.keepFor("new")).isEqualTo(days(365));
        assertThat(p.keepFor("dismissed")).isEqualTo(Duration.ofHours(12));
        assertThat(p.keepFor("closed")).isEqualTo(days(1825));
        assertThat(p.decide(List.of(link("i", "new", days(366))), NOW).rule()).startsWith("new for more than 365d");
        assertThat(p.decide(List.of(link("i", "dismissed", Duration.ofHours(13))), NOW).rule())
                .startsWith("dismissed for more than 12h");
        assertThat(p.with("closed", RetentionPolicy.FOR_EVER).decide(List.of(link("i", "closed", days(9000))), NOW).remove())
                .isFalse();
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheKeyAndTheAllowedOnes() {
        assertThatThrownBy(() -> RetentionPolicy.of(Map.of("archived", days(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evidence.retention.archived")
                .hasMessageContaining("evidence.retention.new, evidence.retention.in_review, evidence.retention.escalated, "
                        + "evidence.retention.dismissed, evidence.retention.closed");
        assertThatThrownBy(() -> P.keepFor("Dismissed")).hasMessageContaining("evidence.retention.Dismissed");
    }

    @Test
    void aNegativeOrMissingDurationIsRefused() {
        assertThatThrownBy(() -> P.with("closed", Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evidence.retention.closed").hasMessageContaining("PT-24H");
        assertThatThrownBy(() -> new RetentionPolicy(null, days(1), days(1), days(1), days(1)))
                .hasMessageContaining("evidence.retention.new");
    }

    @Test
    void durationsAreWrittenTheWayTheReadmeDoes() {
        assertThat(RetentionPolicy.format(days(30))).isEqualTo("30d");
        assertThat(RetentionPolicy.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(RetentionPolicy.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(RetentionPolicy.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(RetentionPolicy.format(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
    }

    @Test
    void thePolicyIsSerializable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(P);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(P);
        }
    }
}
