package org.nigrani.jobs.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an incident's state as JSON: an explicit format that survives field additions between releases, unlike
 * Kryo. The heap state backend keeps the (immutable) objects themselves and calls this only for checkpoints, so a
 * post costs no serialisation.
 */
final class IncidentStateSerializer extends TypeSerializer<IncidentState> {

    static final IncidentStateSerializer INSTANCE = new IncidentStateSerializer();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<IncidentState> duplicate() {
        return this;
    }

    @Override
    public IncidentState createInstance() {
        return null;
    }

    @Override
    public IncidentState copy(IncidentState from) {
        return from;
    }

    @Override
    public IncidentState copy(IncidentState from, IncidentState reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(IncidentState record, DataOutputView target) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public IncidentState deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return JSON.readValue(bytes, IncidentState.class);
    }

    @Override
    public IncidentState deserialize(IncidentState reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof IncidentStateSerializer;
    }

    @Override
    public int hashCode() {
        return IncidentStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<IncidentState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; public with a no-argument constructor, as Flink requires. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<IncidentState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
