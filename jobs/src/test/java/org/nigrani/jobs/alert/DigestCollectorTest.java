package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.alert.AlertTestData.scored;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.alert.AlertDecider.DigestMark;
import org.nigrani.jobs.incident.Incident;

class DigestCollectorTest {

    private static final Recipient A = new Recipient("Station House Officer A", "sho.a@example.org", "khi-a");
    private static final Recipient B = new Recipient("Station House Officer B", "sho.b@example.org", "khi-b");

    private static final Instant DAY1 = AlertTestData.T0; // 2023-11-06 13:30 Karachi
    private static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));
    private static final Instant DIGEST1 = Instant.parse("2023-11-07T03:00:00Z"); // 08:00 Karachi the next day
    private static final Instant DIGEST2 = DIGEST1.plus(Duration.ofDays(1));
    /** From a mark at 13:30 to the next morning's 08:00: how long the wall-clock timer waits. */
    private static final long WAIT = Duration.between(DAY1, DIGEST1).toMillis();

    private KeyedOneInputStreamOperatorTestHarness<String, DigestMark, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DigestMark, Alert> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, DigestMark, Alert> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DigestCollector(AlertPolicy.Settings.karachi(60))),
                new AlertDecider.ByRecipient(), Types.STRING);
        h.setProcessingTime(0);
        return h;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void mark(Recipient to, Incident incident) throws Exception {
        harness.processElement(new DigestMark(to, incident), incident.asOf().toEpochMilli());
    }

    private List<Alert> drain() {
        List<Alert> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    /** Two recipients, two days; A's first day names "a1" twice, the second time with a higher score. */
    private void markTwoRecipientsOnTwoDays() throws Exception {
        mark(A, scored("a1", 30, DAY1));
        mark(A, scored("a2", 50, DAY1.plusSeconds(60)));
        mark(B, scored("b1", 20, DAY1.plusSeconds(120)));
        mark(A, scored("a3", 45, DAY1.plusSeconds(180)));
        mark(A, scored("a1", 55, DAY1.plusSeconds(240)));
        mark(A, scored("a4", 25, DAY2));
        mark(B, scored("b2", 35, DAY2.plusSeconds(60)));
        mark(B, scored("b3", 38, DAY2.plusSeconds(120)));
    }

    private static List<String> ids(Alert digest) {
        return digest.incidents().stream().map(i -> i.state().id()).toList();
    }

    @Test
    void theStreamReachingEachMorningSendsOneDigestPerRecipientForThePreviousDay() throws Exception {
        markTwoRecipientsOnTwoDays();
        harness.processWatermark(new Watermark(DIGEST1.toEpochMilli() - 1));
        assertThat(drain()).isEmpty();

        harness.processWatermark(new Watermark(DIGEST1.toEpochMilli()));
        List<Alert> first = drain();
        assertThat(first).extracting(a -> a.to().email()).containsExactlyInAnyOrder(A.email(), B.email());
        Alert a = first.stream().filter(d -> d.to().equals(A)).findFirst().orElseThrow();
        assertThat(a.kind()).isEqualTo(Alert.DIGEST);
        assertThat(ids(a)).as("by priority, each incident once").containsExactly("a1", "a2", "a3");
        assertThat(a.incidents().get(0).priority().score()).as("the latest mark wins").isEqualTo(55);
        assertThat(a.reason()).contains("2023-11-06", "3 incidents");
        assertThat(first).filteredOn(d -> d.to().equals(B)).singleElement()
                .satisfies(d -> assertThat(ids(d)).containsExactly("b1"));

        harness.processWatermark(new Watermark(DIGEST2.toEpochMilli()));
        List<Alert> second = drain();
        assertThat(second).hasSize(2);
        assertThat(second).filteredOn(d -> d.to().equals(B)).singleElement()
                .satisfies(d -> assertThat(ids(d)).containsExactly("b3", "b2"));
        assertThat(second).extracting(Alert::id).doesNotContainAnyElementsOf(first.stream().map(Alert::id).toList());

        harness.setProcessingTime(10 * WAIT);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(drain()).as("the wall-clock timers send nothing again").isEmpty();
    }

    @Test
    void anIncidentAlertedOnItsOwnLeavesTheDigest() throws Exception {
        markTwoRecipientsOnTwoDays();
        harness.processElement(new DigestMark(A, scored("a2", 65, DAY1.plusSeconds(600)), true), DAY1.toEpochMilli());
        harness.processElement(new DigestMark(B, scored("b1", 65, DAY1.plusSeconds(600)), true), DAY1.toEpochMilli());
        harness.processWatermark(new Watermark(DIGEST1.toEpochMilli()));
        List<Alert> first = drain();
        assertThat(first).as("B's only incident of the day went on its own: no digest for B")
                .singleElement().satisfies(d -> {
                    assertThat(d.to()).isEqualTo(A);
                    assertThat(ids(d)).containsExactly("a1", "a3");
                });
    }

    @Test
    void theClockSendsTheDigestWhenTheStreamDoesNotGetThere() throws Exception {
        mark(A, scored("a1", 30, DAY1));
        mark(A, scored("a2", 50, DAY1.plusSeconds(60)));
        mark(B, scored("b1", 20, DAY1));
        harness.setProcessingTime(WAIT - 1);
        assertThat(drain()).isEmpty();

        harness.setProcessingTime(WAIT);
        List<Alert> sent = drain();
        assertThat(sent).extracting(a -> a.to().email()).containsExactlyInAnyOrder(A.email(), B.email());
        assertThat(sent).filteredOn(d -> d.to().equals(A)).singleElement()
                .satisfies(d -> assertThat(ids(d)).containsExactly("a2", "a1"));

        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        harness.setProcessingTime(10 * WAIT);
        assertThat(drain()).as("the stream timer sends nothing again").isEmpty();
    }

    @Test
    void eachDayKeepsItsWallClockTimerWhenAnotherDaysDigestGoesByTheStream() throws Exception {
        // Marked at the same wall-clock instant exactly a day apart: both days' digests are due after the same wait.
        markTwoRecipientsOnTwoDays();
        harness.processWatermark(new Watermark(DIGEST1.toEpochMilli()));
        assertThat(drain()).hasSize(2);

        harness.setProcessingTime(WAIT);
        assertThat(drain()).as("the second day's digests by the clock").hasSize(2)
                .allSatisfy(d -> assertThat(d.reason()).contains("2023-11-07"));
    }

    @Test
    void aMarkForADayAlreadySentGoesInALateDigestOfItsOwn() throws Exception {
        mark(A, scored("a1", 30, DAY1));
        mark(A, scored("a2", 50, DAY1));
        harness.processWatermark(new Watermark(DIGEST1.toEpochMilli()));
        Alert onTime = drain().get(0);

        mark(A, scored("a5", 40, DAY1.plusSeconds(3600)));
        harness.processWatermark(new Watermark(DIGEST1.toEpochMilli() + 1));
        assertThat(drain()).singleElement().satisfies(late -> {
            assertThat(ids(late)).containsExactly("a5");
            assertThat(late.id()).isNotEqualTo(onTime.id()).startsWith("digest-" + LocalDate.of(2023, 11, 6));
            assertThat(late.to()).isEqualTo(A);
        });

        harness.setProcessingTime(10 * WAIT);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(drain()).isEmpty();
    }

    @Test
    void recipientsAreKeyedByAddressIgnoringCaseAndSpace() throws Exception {
        Recipient sameAsB = new Recipient("SHO B", " SHO.B@Example.org", "khi-b");
        mark(B, scored("b1", 20, DAY1));
        mark(sameAsB, scored("b2", 30, DAY1));
        harness.processWatermark(new Watermark(DIGEST1.toEpochMilli()));
        assertThat(drain()).singleElement().satisfies(d -> assertThat(ids(d)).containsExactly("b2", "b1"));
    }

    @Test
    void aRestoredCollectorSendsWhatItGatheredOnce() throws Exception {
        mark(A, scored("a1", 30, DAY1));
        mark(A, scored("a2", 50, DAY1.plusSeconds(60)));
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        harness.close();
        harness = harness();
        harness.initializeState(checkpoint);
        harness.open();

        mark(A, scored("a3", 40, DAY1.plusSeconds(120)));
        harness.processWatermark(new Watermark(DIGEST1.toEpochMilli()));
        assertThat(drain()).singleElement().satisfies(d -> assertThat(ids(d)).containsExactly("a2", "a3", "a1"));
        harness.setProcessingTime(10 * WAIT);
        assertThat(drain()).isEmpty();
    }
}
