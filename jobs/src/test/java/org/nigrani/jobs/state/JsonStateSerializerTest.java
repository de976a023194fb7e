package org.nigrani.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.incident.IncidentState;
import org.nigrani.jobs.incident.Priority;

class JsonStateSerializerTest {

    static final Instant AS_OF = Instant.parse("2023-11-06T13:30:00.123Z");

    static final IncidentState STATE = new IncidentState("inc-1", "k-1", 3, 1_699_270_000_000L, 1_699_277_000_000L, 4,
            "x:1", List.of("x:1", "x:2", "x:3"), "پولیس نے پیسے لیے — police took money", 12,
            new IncidentState.MediaRef("video", "https://video.example.org/v/1.mp4", null, 47_000),
            List.of(new Enrichment.StationRef("khi-site-super-highway", "SITE Super Highway", "Karachi")), "Karachi",
            Map.of("extortion", 3, "violence", 1), List.of("street vendors"), Map.of("SHO", 1, "constable", 2), 3, true,
            0.93, 52_000, 40, 1_000, 30_000, 1_699_276_000_000L, List.of("ur", "en"), 1,
            List.of(new IncidentState.ReachPoint(1_699_276_000_000L, 30_000), new IncidentState.ReachPoint(1_699_277_000_000L, 52_000)));

    static final Incident INCIDENT = new Incident(STATE,
            Priority.of(new Priority.Components(0.93, 1, 1, 0.8, 0.5, 0.9)), AS_OF, 1_699_277_001_000L);

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void anIncidentStateRoundTrips() throws Exception {
        assertThat(roundTrip(new JsonStateSerializer<>(IncidentState.class), STATE)).isEqualTo(STATE);
    }

    @Test
    void anIncidentRoundTripsWithItsInstantAsMillis() throws Exception {
        JsonStateSerializer<Incident> serializer = new JsonStateSerializer<>(Incident.class);
        assertThat(roundTrip(serializer, INCIDENT)).isEqualTo(INCIDENT);
        assertThat(new ObjectMapper().readTree(serializer.toJson(INCIDENT)).path("asOf").asLong())
                .isEqualTo(AS_OF.toEpochMilli());
    }

    @Test
    void onlyTheRecordComponentsAreWritten() throws Exception {
        // A derived accessor picked up as a property would be written, then fail or be ignored on reading.
        Set<String> written = new TreeSet<>();
        Iterator<String> names = new ObjectMapper().readTree(new JsonStateSerializer<>(IncidentState.class).toJson(STATE))
                .fieldNames();
        names.forEachRemaining(written::add);
        assertThat(written).isEqualTo(new TreeSet<>(Arrays.stream(IncidentState.class.getRecordComponents())
                .map(RecordComponent::getName).toList()));
    }

    @Test
    void recordsFollowEachOtherInOneStream() throws Exception {
        JsonStateSerializer<Incident> serializer = new JsonStateSerializer<>(Incident.class);
        Incident other = new Incident(STATE, INCIDENT.priority(), AS_OF.plusSeconds(60));
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(INCIDENT, out);
        serializer.serialize(other, out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        // DataOutputSerializer does not grow when written from a view, which is how copy writes.
        DataOutputSerializer copied = new DataOutputSerializer(out.length());
        serializer.copy(in, copied);
        serializer.copy(in, copied);
        assertThat(in.available()).isZero();

        DataInputDeserializer again = new DataInputDeserializer(copied.getCopyOfBuffer());
        assertThat(serializer.deserialize(again)).isEqualTo(INCIDENT);
        assertThat(serializer.deserialize(null, again)).isEqualTo(other);
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesTakeTheirDefaults() throws Exception {
        JsonStateSerializer<Incident> serializer = new JsonStateSerializer<>(Incident.class);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(serializer.toJson(INCIDENT));
        json.put("addedInANewerRelease", "x");
        ((ObjectNode) json.path("state")).putObject("nested").put("also", 1);
        json.remove("arrivedAt");

        Incident read = serializer.fromJson(new ObjectMapper().writeValueAsBytes(json));
        assertThat(read.state()).isEqualTo(STATE);
        assertThat(read.asOf()).isEqualTo(AS_OF);
        assertThat(read.arrivedAt()).isZero();
    }

    @Test
    void aStateCheckpointedBeforeTheReachHistoryExistedHasAnEmptyOne() throws Exception {
        JsonStateSerializer<IncidentState> serializer = new JsonStateSerializer<>(IncidentState.class);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(serializer.toJson(STATE));
        json.remove("reachHistory");
        assertThat(serializer.fromJson(new ObjectMapper().writeValueAsBytes(json)).reachHistory()).isEmpty();
    }

    @Test
    void theSnapshotRestoresTheSameSerializer() throws Exception {
        JsonStateSerializer<IncidentState> serializer = new JsonStateSerializer<>(IncidentState.class);
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<IncidentState> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read).isInstanceOf(JsonStateSerializer.Snapshot.class);
        TypeSerializer<IncidentState> restored = read.restoreSerializer();
        assertThat(restored).isEqualTo(serializer).hasSameHashCodeAs(serializer);
        assertThat(roundTrip(restored, STATE)).isEqualTo(STATE);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void stateOfAnotherTypeIsIncompatible() {
        TypeSerializerSnapshot<IncidentState> current = new JsonStateSerializer<>(IncidentState.class).snapshotConfiguration();
        TypeSerializerSnapshot other = new JsonStateSerializer<>(Incident.class).snapshotConfiguration();
        assertThat(current.resolveSchemaCompatibility(other).isIncompatible()).isTrue();
        assertThat(new JsonStateSerializer<>(IncidentState.class)).isNotEqualTo(new JsonStateSerializer<>(Incident.class));
    }

    @Test
    void aCheckpointOfAClassThatIsGoneNamesIt() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeUTF("org.nigrani.jobs.Gone");
        JsonStateSerializer.Snapshot<Object> snapshot = new JsonStateSerializer.Snapshot<>();
        assertThatThrownBy(() -> snapshot.readSnapshot(1, new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader()))
                .isInstanceOf(IOException.class).hasMessageContaining("org.nigrani.jobs.Gone");
    }
}
