package org.nigrani.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nigrani.jobs.alert.AlertTestData.T0;
import static org.nigrani.jobs.alert.AlertTestData.incident;
import static org.nigrani.jobs.alert.AlertTestData.priority;
import static org.nigrani.jobs.alert.AlertTestData.scored;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nigrani.jobs.alert.AlertPolicy.Kind;
import org.nigrani.jobs.alert.AlertPolicy.Sent;
import org.nigrani.jobs.alert.AlertPolicy.Settings;
import org.nigrani.jobs.incident.Incident;

class AlertPolicyTest {

    static final ZoneId KARACHI = ZoneId.of("Asia/Karachi");
    static final AlertPolicy POLICY = new AlertPolicy(Settings.karachi(60));
    static final Instant DAY = T0; // 13:30 Karachi
    static final Instant NIGHT = Instant.parse("2023-11-06T18:00:00Z"); // 23:00 Karachi
    static final Instant EARLY = Instant.parse("2023-11-07T01:30:00Z"); // 06:30 Karachi
    static final Instant MORNING = Instant.parse("2023-11-07T02:00:00Z"); // 07:00 Karachi

    static Sent sent(String band, long views, boolean video) {
        return new Sent(1, band, views, video, T0.minus(Duration.ofHours(1)));
    }

    /** score, views, video, last sent (or null), now → kind. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("first alert at the threshold", 60, 500, false, null, DAY, Kind.SEND_FIRST),
                Arguments.of("first alert above the threshold", 85, 500, false, null, DAY, Kind.SEND_FIRST),
                Arguments.of("just below the threshold → digest", 59, 500, false, null, DAY, Kind.DIGEST),
                Arguments.of("low priority → digest", 20, 10, false, null, DAY, Kind.DIGEST),
                Arguments.of("low priority at night → digest all the same", 20, 10, false, null, NIGHT, Kind.DIGEST),
                Arguments.of("no second email without escalation", 65, 500, false, sent("P2", 500, false), DAY, Kind.NOTHING),
                Arguments.of("score up within the band is no escalation", 79, 900, false, sent("P2", 500, false), DAY,
                        Kind.NOTHING),
                Arguments.of("band down is no escalation", 45, 500, false, sent("P2", 500, false), DAY, Kind.NOTHING),
                Arguments.of("band up P3 → P2", 62, 500, false, sent("P3", 500, false), DAY, Kind.SEND_ESCALATION),
                Arguments.of("band up P2 → P1", 81, 500, false, sent("P2", 500, false), DAY, Kind.SEND_ESCALATION),
                Arguments.of("reach ×10", 65, 5000, false, sent("P2", 500, false), DAY, Kind.SEND_ESCALATION),
                Arguments.of("reach ×9.99 is not", 65, 4999, false, sent("P2", 500, false), DAY, Kind.NOTHING),
                Arguments.of("reach floor: 0 → 1 does not count", 65, 1, false, sent("P2", 0, false), DAY, Kind.NOTHING),
                Arguments.of("reach floor: 5 → 999 does not count", 65, 999, false, sent("P2", 5, false), DAY, Kind.NOTHING),
                Arguments.of("reach floor: 0 → 1000 counts", 65, 1000, false, sent("P2", 0, false), DAY,
                        Kind.SEND_ESCALATION),
                Arguments.of("video appears", 65, 500, true, sent("P2", 500, false), DAY, Kind.SEND_ESCALATION),
                Arguments.of("video already there", 65, 500, true, sent("P2", 500, true), DAY, Kind.NOTHING),
                Arguments.of("quiet hours hold a P2 first alert", 65, 500, false, null, NIGHT, Kind.HOLD_FOR_QUIET_HOURS),
                Arguments.of("quiet hours after midnight hold P2", 65, 500, false, null, EARLY, Kind.HOLD_FOR_QUIET_HOURS),
                Arguments.of("quiet hours end at 07:00", 65, 500, false, null, MORNING, Kind.SEND_FIRST),
                Arguments.of("quiet hours do not hold P1", 85, 500, false, null, NIGHT, Kind.SEND_FIRST),
                Arguments.of("quiet hours hold a P2 escalation", 65, 500, true, sent("P2", 500, false), NIGHT,
                        Kind.HOLD_FOR_QUIET_HOURS),
                Arguments.of("quiet hours do not hold a P1 escalation", 85, 500, false, sent("P2", 500, false), EARLY,
                        Kind.SEND_ESCALATION),
                Arguments.of("quiet hours, nothing to send → nothing", 65, 500, false, sent("P2", 500, false), NIGHT,
                        Kind.NOTHING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, int score, long views, boolean video, Sent last, Instant now, Kind expected) {
        assertEquals(expected, POLICY.decide(incident(views, video), priority(score), last, now).kind());
    }

    @Test
    void reasonsNameEveryEscalation() {
        AlertPolicy.Decision d = POLICY.decide(incident(10_000, true), priority(85), sent("P2", 500, false), DAY);
        assertEquals(Kind.SEND_ESCALATION, d.kind());
        assertEquals("priority up P2 → P1; reach ×10 since the last alert (500 → 10000 views); video evidence appeared",
                d.reason());
        assertEquals("priority P2 (65)", POLICY.decide(incident(10, false), priority(65), null, DAY).reason());
    }

    @Test
    void quietWindowWithinADay() {
        AlertPolicy lunch = new AlertPolicy(new Settings(60, LocalTime.of(13, 0), LocalTime.of(14, 0), KARACHI, "P1", LocalTime.of(8, 0)));
        assertEquals(Kind.HOLD_FOR_QUIET_HOURS, lunch.decide(incident(10, false), priority(65), null, DAY).kind());
        assertEquals(Kind.SEND_FIRST, lunch.decide(incident(10, false), priority(65), null, NIGHT).kind());
        assertEquals(Instant.parse("2023-11-06T09:00:00Z"), lunch.quietEnds(DAY));
    }

    @Test
    void quietEndsTheNextMorningAcrossMidnight() {
        assertEquals(MORNING, POLICY.quietEnds(NIGHT));
        assertEquals(MORNING, POLICY.quietEnds(EARLY));
        assertEquals(DAY, POLICY.quietEnds(DAY));
        assertTrue(POLICY.quiet(NIGHT));
        assertFalse(POLICY.quiet(MORNING));
    }

    @Test
    void alwaysBandP2SendsP2InQuietHours() {
        AlertPolicy loose = new AlertPolicy(new Settings(60, LocalTime.of(22, 0), LocalTime.of(7, 0), KARACHI, "P2", LocalTime.of(8, 0)));
        assertEquals(Kind.SEND_FIRST, loose.decide(incident(10, false), priority(65), null, NIGHT).kind());
    }

    @Test
    void equalQuietTimesMeanNoQuietHours() {
        AlertPolicy none = new AlertPolicy(new Settings(60, LocalTime.of(22, 0), LocalTime.of(22, 0), KARACHI, "P1", LocalTime.of(8, 0)));
        assertEquals(Kind.SEND_FIRST, none.decide(incident(10, false), priority(65), null, NIGHT).kind());
    }

    @Test
    void sentRecordsWhatWasSent() {
        Sent first = AlertPolicy.sent(incident(700, true), priority(65), null, DAY);
        assertEquals(new Sent(1, "P2", 700, true, DAY), first);
        assertEquals(2, AlertPolicy.sent(incident(7000, true), priority(85), first, NIGHT).sequence());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new Settings(101, LocalTime.of(22, 0), LocalTime.of(7, 0), KARACHI, "P1", LocalTime.of(8, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> new Settings(-1, LocalTime.of(22, 0), LocalTime.of(7, 0), KARACHI, "P1", LocalTime.of(8, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> new Settings(60, LocalTime.of(22, 0), LocalTime.of(7, 0), KARACHI, "P0", LocalTime.of(8, 0)));
        assertThrows(NullPointerException.class, () -> new Settings(60, null, LocalTime.of(7, 0), KARACHI, "P1", LocalTime.of(8, 0)));
        assertThrows(NullPointerException.class,
                () -> new Settings(60, LocalTime.of(22, 0), LocalTime.of(7, 0), null, "P1", LocalTime.of(8, 0)));
        assertThrows(IllegalArgumentException.class, () -> new Sent(0, "P1", 0, false, DAY));
        assertThrows(IllegalArgumentException.class, () -> new Sent(1, "P9", 0, false, DAY));
    }

    @Test
    void digestDayAndTimeAreLocal() {
        assertEquals(LocalDate.of(2023, 11, 6), POLICY.digestDay(NIGHT)); // 23:00 Karachi: still the 6th
        assertEquals(LocalDate.of(2023, 11, 7), POLICY.digestDay(MORNING));
        assertEquals(Instant.parse("2023-11-07T03:00:00Z"), POLICY.digestTime(LocalDate.of(2023, 11, 6)));
    }

    @Test
    void digestListsEachIncidentOnceByPriority() {
        Recipient landhi = new Recipient("SHO Landhi", "landhi@example.org", "khi-landhi");
        LocalDate day = LocalDate.of(2023, 11, 6);
        DigestDays days = DigestDays.empty(landhi)
                .add(day, scored("a", 20, DAY), 1)
                .add(day, scored("b", 45, DAY), 0)
                .add(day, scored("b", 50, DAY.plusSeconds(60)), 0) // once per incident: the later mark replaces
                .add(day, scored("d", 10, NIGHT), 0)
                .add(day.plusDays(1), scored("e", 10, MORNING), 2);
        Alert digest = days.digest(day);
        assertEquals(Alert.DIGEST, digest.kind());
        assertEquals(landhi, digest.to());
        assertEquals(List.of("b", "a", "d"), digest.incidents().stream().map(i -> i.state().id()).toList());
        assertEquals(50, digest.incidents().get(0).priority().score());
        assertEquals("daily digest 2023-11-06: 3 incidents below the alert threshold", digest.reason());
        assertEquals(List.of(day, day.plusDays(1)), days.pending());
        assertEquals(List.of(day.plusDays(1)), days.without(day).pending());
        assertEquals(1L, days.sendAt().get(day.toString()), "the first mark of a day sets when it goes");
        // The same digest made again has the same id; one listing another incident set does not.
        assertEquals(digest.id(), days.digest(day).id());
        assertTrue(!digest.id().equals(days.add(day, scored("z", 5, DAY), 0).digest(day).id()));
    }
}
