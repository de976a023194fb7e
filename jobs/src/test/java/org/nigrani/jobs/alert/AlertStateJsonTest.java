package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.alert.AlertTestData.T0;
import static org.nigrani.jobs.alert.AlertTestData.scored;

import java.io.IOException;
import java.time.LocalDate;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.state.JsonStateSerializer;

/** The alert state records (package-private) through the checkpoint serializer. */
class AlertStateJsonTest {

    private static <T> T roundTrip(Class<T> type, T value) throws IOException {
        JsonStateSerializer<T> serializer = new JsonStateSerializer<>(type);
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void anAlertLogRoundTrips() throws Exception {
        Incident incident = scored("i1", 70, T0);
        AlertLog log = AlertLog.empty(incident)
                .withSent("sho@example.org", AlertPolicy.sent(incident.state(), incident.priority(), null, T0.plusMillis(7)))
                .withHeld("ia@example.org", new AlertLog.Held(1_699_322_400_000L, 28_800_123L));

        AlertLog read = roundTrip(AlertLog.class, log);
        assertThat(read).isEqualTo(log);
        assertThat(read.sent().get("sho@example.org").at()).isEqualTo(T0.plusMillis(7));
        assertThat(read.held().get("ia@example.org").wallAt()).isEqualTo(28_800_123L);
    }

    @Test
    void anEmptyAlertLogRoundTrips() throws Exception {
        AlertLog log = AlertLog.empty(scored("i1", 70, T0));
        assertThat(roundTrip(AlertLog.class, log)).isEqualTo(log);
    }

    @Test
    void digestDaysRoundTripAndStillMakeTheSameDigest() throws Exception {
        Recipient to = new Recipient("Station House Officer A", "sho.a@example.org", "khi-a");
        LocalDate day = LocalDate.of(2023, 11, 6);
        DigestDays days = DigestDays.empty(to)
                .add(day, scored("a1", 30, T0), 66_600_000L)
                .add(day, scored("a2", 50, T0.plusSeconds(60)), 0)
                .add(day.plusDays(1), scored("a3", 45, T0.plusSeconds(86_400)), 66_600_001L);

        DigestDays read = roundTrip(DigestDays.class, days);
        assertThat(read).isEqualTo(days);
        assertThat(read.pending()).containsExactly(day, day.plusDays(1));
        assertThat(read.sendAt()).containsEntry("2023-11-06", 66_600_000L);
        assertThat(read.digest(day)).isEqualTo(days.digest(day));
    }
}
