package org.nigrani.jobs.source.x;

import java.io.IOException;
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
            return SplitList.write(state.unassigned(), XQuerySplitSerializer.VERSION, XQuerySplitSerializer::write);
        }

        @Override
        public XSearchEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) {
                throw new IOException("unknown X search enumerator state version " + version + " (this build reads " + VERSION + ")");
            }
            return new XSearchEnumeratorState(SplitList.read(serialized, Integer.MAX_VALUE, "X search enumerator state", XQuerySplitSerializer::read));
        }
    }
}
