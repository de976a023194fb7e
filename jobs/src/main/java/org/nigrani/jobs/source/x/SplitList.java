package org.nigrani.jobs.source.x;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of an enumerator's checkpoint: the version of the split format, the count, then each split as its own
 * serializer writes it. Shared by both X sources, whose enumerators keep only their unassigned splits.
 */
final class SplitList {

    interface Writer<S> {
        void write(S split, DataOutputStream out) throws IOException;
    }

    interface Reader<S> {
        S read(int splitVersion, DataInputStream in) throws IOException;
    }

    private SplitList() {}

    static <S> byte[] write(List<S> splits, int splitVersion, Writer<S> writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(splitVersion);
            out.writeInt(splits.size());
            for (S split : splits) {
                writer.write(split, out);
            }
        }
        return bytes.toByteArray();
    }

    /** @param what names the state in errors ("X search enumerator state") */
    static <S> List<S> read(byte[] serialized, int maxSplits, String what, Reader<S> reader) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int splitVersion = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > maxSplits) {
                throw new IOException("corrupt " + what + ": " + n + " splits");
            }
            List<S> splits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                splits.add(reader.read(splitVersion, in));
            }
            return splits;
        }
    }
}
