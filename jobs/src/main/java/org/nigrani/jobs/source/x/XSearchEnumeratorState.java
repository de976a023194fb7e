package org.nigrani.jobs.source.x;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The enumerator's checkpoint: the splits not (or no longer) assigned to a reader, with their cursors. */
public record XSearchEnumeratorState(List<XQuerySplit> unassigned) {

    public XSearchEnumeratorState {
        unassigned = List.copyOf(unassigned);
    }

    /** Versioned, field by field, each split written by {@link XQuerySplitSerializer}. */
    public static final class Serializer implements SimpleVersionedSerializer<XSearchEnumeratorState> {

        public static final Serializer INSTANCE = new Serializer();
        static final int VERSION = 1;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(XSearchEnumeratorState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(XQuerySplitSerializer.VERSION);
                out.writeInt(state.unassigned().size());
                for (XQuerySplit split : state.unassigned()) {
                    XQuerySplitSerializer.write(split, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public XSearchEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) {
                throw new IOException("unknown X search enumerator state version " + version + " (this build reads " + VERSION + ")");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int splitVersion = in.readInt();
                int n = in.readInt();
                if (n < 0) {
                    throw new IOException("corrupt X search enumerator state: " + n + " splits");
                }
                List<XQuerySplit> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    splits.add(XQuerySplitSerializer.read(splitVersion, in));
                }
                return new XSearchEnumeratorState(splits);
            }
        }
    }
}
