package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.nigrani.jobs.alert.AlertTestData.T0;
import static org.nigrani.jobs.alert.AlertTestData.priority;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nigrani.elastic.testing.ProjectRoot;
import org.nigrani.jobs.alert.AlertDecider.DigestMark;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;

class AlertDeciderTest {

    private static final AlertSettings SETTINGS = AlertSettings.local("unused-outbox", "http://localhost:7070");
    private static final String STATIONS = ProjectRoot.find().resolve("config/stations.yaml").toString();

    private static final Enrichment.StationRef SUPER_HIGHWAY =
            new Enrichment.StationRef("khi-site-super-highway", "SITE Super Highway", "Karachi");
    private static final Enrichment.StationRef SOHRAB_GOTH =
            new Enrichment.StationRef("khi-sohrab-goth", "Sohrab Goth", "Karachi");
    private static final String SUPER_HIGHWAY_HEAD = "sho.site-super-highway.khi@example.org";
    private static final String SOHRAB_GOTH_HEAD = "sho.sohrab-goth.khi@example.org";
    private static final String INTERNAL_AFFAIRS = SETTINGS.internalAffairs().email();

    private static final Instant NIGHT = Instant.parse("2023-11-06T18:00:00Z"); // 23:00 Karachi
    private static final Instant QUIET_END = Instant.parse("2023-11-07T02:00:00Z"); // 07:00 Karachi
    private static final long QUIET_LEFT = Duration.between(NIGHT, QUIET_END).toMillis();

    private KeyedOneInputStreamOperatorTestHarness<String, Incident, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Incident, Alert> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Incident, Alert> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertDecider(SETTINGS, STATIONS, Duration.ofDays(6))),
                new AlertDecider.ByIncident(), Types.STRING);
        h.setProcessingTime(0);
        return h;
    }

    private static Incident update(String id, List<Enrichment.StationRef> stations, Map<String, Integer> officers,
            int score, long views, boolean video, Instant asOf) {
        return new Incident(AlertTestData.incident(id, stations, officers, views, video), priority(score), asOf);
    }

    private static Incident atSuperHighway(String id, int score, long views, boolean video, Instant asOf) {
        return update(id, List.of(SUPER_HIGHWAY), Map.of("constable", 2), score, views, video, asOf);
    }

    private void send(Incident incident) throws Exception {
        harness.processElement(incident, incident.asOf().toEpochMilli());
    }

    /** The alerts emitted since the last call. */
    private List<Alert> drain() {
        List<Alert> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private List<DigestMark> digests() {
        ConcurrentLinkedQueue<StreamRecord<DigestMark>> marks = harness.getSideOutput(AlertDecider.DIGESTS);
        return marks == null ? List.of() : marks.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aFirstAlertGoesOnceAndAnUpdateWithoutEscalationSendsNothing() throws Exception {
        send(atSuperHighway("i1", 65, 200, false, T0));
        assertThat(drain()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.FIRST);
            assertThat(a.sequence()).isEqualTo(1);
            assertThat(a.to().email()).isEqualTo(SUPER_HIGHWAY_HEAD);
            assertThat(a.to().stationId()).isEqualTo("khi-site-super-highway");
            assertThat(a.held()).isFalse();
            assertThat(a.id()).startsWith("i1-1.");
            assertThat(a.reason()).isEqualTo("priority P2 (65)");
        });

        send(atSuperHighway("i1", 70, 900, false, T0.plusSeconds(600)));
        send(atSuperHighway("i1", 66, 1500, false, T0.plusSeconds(1200)));
        assertThat(drain()).isEmpty();
        assertThat(digests()).as("an alerted incident is not digested").isEmpty();
    }

    @Test
    void aBandUpIsAnEscalation() throws Exception {
        send(atSuperHighway("i1", 65, 200, false, T0));
        send(atSuperHighway("i1", 85, 200, false, T0.plusSeconds(600)));
        assertThat(drain()).extracting(Alert::kind, Alert::sequence)
                .containsExactly(tuple(Alert.FIRST, 1),
                        tuple(Alert.ESCALATION, 2));
    }

    @Test
    void reachTimesTenIsAnEscalationMeasuredFromTheLastAlertSent() throws Exception {
        send(atSuperHighway("i1", 65, 200, false, T0));
        send(atSuperHighway("i1", 65, 1999, false, T0.plusSeconds(600)));
        drain();
        // 2000 is ×10 of the 200 in the first alert; the 1999 update sent nothing, so it is not the base.
        send(atSuperHighway("i1", 65, 2000, false, T0.plusSeconds(1200)));
        assertThat(drain()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.ESCALATION);
            assertThat(a.sequence()).isEqualTo(2);
            assertThat(a.reason()).contains("reach ×10");
            assertThat(a.lead().state().views()).isEqualTo(2000);
        });
        send(atSuperHighway("i1", 65, 19_999, false, T0.plusSeconds(1800)));
        assertThat(drain()).as("the next ×10 counts from 2000").isEmpty();
    }

    @Test
    void videoAppearingIsAnEscalation() throws Exception {
        send(atSuperHighway("i1", 65, 200, false, T0));
        send(atSuperHighway("i1", 65, 200, true, T0.plusSeconds(600)));
        send(atSuperHighway("i1", 65, 200, true, T0.plusSeconds(1200)));
        List<Alert> alerts = drain();
        assertThat(alerts).extracting(Alert::sequence).containsExactly(1, 2);
        assertThat(alerts.get(1).kind()).isEqualTo(Alert.ESCALATION);
        assertThat(alerts.get(1).reason()).contains("video");
        assertThat(alerts.get(1).id()).isNotEqualTo(alerts.get(0).id());
    }

    @Test
    void severalStationsAlertEachHeadOnce() throws Exception {
        send(update("i1", List.of(SUPER_HIGHWAY, SOHRAB_GOTH, SUPER_HIGHWAY), Map.of("constable", 1), 70, 200, false, T0));
        List<Alert> alerts = drain();
        assertThat(alerts).extracting(a -> a.to().email()).containsExactly(SUPER_HIGHWAY_HEAD, SOHRAB_GOTH_HEAD);
        assertThat(alerts).allSatisfy(a -> assertThat(a.sequence()).isEqualTo(1));
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
    }

    @Test
    void anUnresolvedIncidentGoesToInternalAffairs() throws Exception {
        send(update("i1", List.of(), Map.of("constable", 1), 70, 200, false, T0));
        send(update("i2", List.of(new Enrichment.StationRef("lhr-nowhere", "Nowhere", "Lahore")), Map.of(), 70, 200,
                false, T0));
        assertThat(drain()).extracting(a -> a.to().email()).containsExactly(INTERNAL_AFFAIRS, INTERNAL_AFFAIRS);
    }

    @Test
    void aConflictOfInterestGoesToInternalAffairsOnceInsteadOfTheHeads() throws Exception {
        send(update("i1", List.of(SUPER_HIGHWAY, SOHRAB_GOTH), Map.of("SHO", 1, "constable", 2), 70, 200, false, T0));
        assertThat(drain()).singleElement().satisfies(a -> {
            assertThat(a.to().email()).isEqualTo(INTERNAL_AFFAIRS);
            assertThat(a.to().stationId()).isNull();
        });
    }

    @Test
    void belowTheThresholdIsADigestMarkAndNoAlert() throws Exception {
        Incident low = atSuperHighway("i1", 45, 200, false, T0);
        send(low);
        assertThat(drain()).isEmpty();
        assertThat(digests()).singleElement().satisfies(m -> {
            assertThat(m.to().email()).isEqualTo(SUPER_HIGHWAY_HEAD);
            assertThat(m.incident()).isEqualTo(low);
        });
    }

    @Test
    void anIncidentThatCrossesTheThresholdIsWithdrawnFromTheDigest() throws Exception {
        send(atSuperHighway("i1", 45, 200, false, T0));
        send(atSuperHighway("i1", 65, 200, false, T0.plusSeconds(60)));
        assertThat(drain()).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(Alert.FIRST));
        assertThat(digests()).extracting(DigestMark::withdrawn).containsExactly(false, true);
        assertThat(digests().get(1).to().email()).isEqualTo(SUPER_HIGHWAY_HEAD);
    }

    @Test
    void aP1GoesAtOnceInQuietHours() throws Exception {
        send(atSuperHighway("i1", 85, 200, false, NIGHT));
        assertThat(drain()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.FIRST);
            assertThat(a.held()).isFalse();
        });
    }

    @Test
    void aHeldAlertGoesOnceWhenTheStreamReachesTheEndOfQuietHours() throws Exception {
        send(atSuperHighway("i1", 65, 200, false, NIGHT));
        Incident later = atSuperHighway("i1", 70, 400, false, NIGHT.plusSeconds(1800));
        send(later);
        assertThat(drain()).as("held in quiet hours").isEmpty();

        harness.processWatermark(new Watermark(QUIET_END.toEpochMilli() - 1));
        assertThat(drain()).as("not before 07:00").isEmpty();

        harness.processWatermark(new Watermark(QUIET_END.toEpochMilli()));
        assertReleased(drain(), later);

        harness.setProcessingTime(QUIET_LEFT + 1);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(drain()).as("the wall-clock timer does not release it again").isEmpty();
    }

    @Test
    void aHeldAlertGoesOnceWhenTheClockHasRunTheRestOfTheQuietHours() throws Exception {
        send(atSuperHighway("i1", 65, 200, false, NIGHT));
        harness.setProcessingTime(1000);
        Incident later = atSuperHighway("i1", 70, 400, false, NIGHT.plusSeconds(1800));
        send(later);

        harness.setProcessingTime(QUIET_LEFT - 1);
        assertThat(drain()).as("not before the quiet hours have run out").isEmpty();

        harness.setProcessingTime(QUIET_LEFT);
        assertReleased(drain(), later);

        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        harness.setProcessingTime(10 * QUIET_LEFT);
        assertThat(drain()).as("the stream timer does not release it again").isEmpty();
    }

    @Test
    void eachHeldRecipientKeepsTheStreamTimerWhenAnotherGoesByTheClock() throws Exception {
        send(atSuperHighway("i1", 65, 200, false, NIGHT));
        // Half an hour later by the stream but at the same wall-clock instant (a replay): a second station is named,
        // whose head is due by the clock half an hour before the first.
        send(update("i1", List.of(SUPER_HIGHWAY, SOHRAB_GOTH), Map.of("constable", 2), 66, 300, false,
                NIGHT.plusSeconds(1800)));
        harness.setProcessingTime(QUIET_LEFT - 1_800_000);
        assertThat(drain()).extracting(a -> a.to().email()).containsExactly(SOHRAB_GOTH_HEAD);

        harness.processWatermark(new Watermark(QUIET_END.toEpochMilli()));
        assertThat(drain()).as("the stream reaching 07:00 still releases the first head's")
                .extracting(a -> a.to().email()).containsExactly(SUPER_HIGHWAY_HEAD);
        harness.setProcessingTime(10 * QUIET_LEFT);
        assertThat(drain()).isEmpty();
    }

    private static void assertReleased(List<Alert> alerts, Incident latest) {
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.FIRST);
            assertThat(a.sequence()).isEqualTo(1);
            assertThat(a.held()).isTrue();
            assertThat(a.lead()).as("the incident as last updated").isEqualTo(latest);
            assertThat(a.to().email()).isEqualTo(SUPER_HIGHWAY_HEAD);
        });
    }

    @Test
    void aRestoredDeciderRemembersWhatWasSentAndStillReleasesWhatItHeld() throws Exception {
        send(atSuperHighway("sent", 65, 200, false, T0));
        send(atSuperHighway("held", 65, 200, false, NIGHT));
        assertThat(drain()).extracting(a -> a.lead().state().id()).containsExactly("sent");

        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        harness.close();
        harness = harness();
        harness.initializeState(checkpoint);
        harness.open();

        send(atSuperHighway("sent", 66, 300, false, T0.plusSeconds(600)));
        assertThat(drain()).as("no second first alert after a restore").isEmpty();

        send(atSuperHighway("sent", 66, 300, true, T0.plusSeconds(1200)));
        assertThat(drain()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.ESCALATION);
            assertThat(a.sequence()).as("the sequence continues from the checkpoint").isEqualTo(2);
        });

        harness.processWatermark(new Watermark(QUIET_END.toEpochMilli()));
        assertThat(drain()).singleElement().satisfies(a -> {
            assertThat(a.lead().state().id()).isEqualTo("held");
            assertThat(a.held()).isTrue();
            assertThat(a.sequence()).isEqualTo(1);
        });
        harness.setProcessingTime(10 * QUIET_LEFT);
        assertThat(drain()).isEmpty();
    }

    @Test
    void aRestoredDeciderReleasesWhatItHeldByTheClock() throws Exception {
        send(atSuperHighway("held", 65, 200, false, NIGHT));
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        harness.close();
        harness = harness();
        harness.initializeState(checkpoint);
        harness.open();

        harness.setProcessingTime(QUIET_LEFT);
        assertThat(drain()).singleElement().satisfies(a -> assertThat(a.held()).isTrue());
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(drain()).isEmpty();
    }
}
