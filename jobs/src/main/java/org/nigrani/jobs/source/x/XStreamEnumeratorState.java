package org.nigrani.jobs.source.x;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The stream enumerator's checkpoint: the split when no reader holds it (empty or one element). */
public record XStreamEnumeratorState(List<XStreamSplit> unassigned) {

    public XStreamEnumeratorState {
        unassigned = List.copyOf(unassigned);
    }

    /** Versioned, field by field, the split written by {@link XStreamSplit.Serializer}. */
    public static final class Serializer implements SimpleVersionedSerializer<XStreamEnumeratorState> {

        public static final Serializer INSTANCE = new Serializer();
        static final int VERSION = 1;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(XStreamEnumeratorState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(XStreamSplit.Serializer.VERSION);
                out.writeInt(state.unassigned().size());
                for (XStreamSplit split : state.unassigned()) {
                    XStreamSplit.Serializer.write(split, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public XStreamEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) {
                throw new IOException("unknown X stream enumerator state version " + version + " (this build reads " + VERSION + ")");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int splitVersion = in.readInt();
                int n = in.readInt();
                if (n < 0 || n > 1) {
                    throw new IOException("corrupt X stream enumerator state: " + n + " splits");
                }
                List<XStreamSplit> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    splits.add(XStreamSplit.Serializer.read(splitVersion, in));
                }
                return new XStreamEnumeratorState(splits);
            }
        }
    }
}
