package org.nigrani.jobs.source.x;

import java.io.IOException;
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
            return SplitList.write(state.unassigned(), XStreamSplit.Serializer.VERSION, XStreamSplit.Serializer::write);
        }

        @Override
        public XStreamEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) {
                throw new IOException("unknown X stream enumerator state version " + version + " (this build reads " + VERSION + ")");
            }
            return new XStreamEnumeratorState(SplitList.read(serialized, 1, "X stream enumerator state", XStreamSplit.Serializer::read));
        }
    }
}
