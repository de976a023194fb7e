package org.nigrani.jobs.source.x;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The one split of {@link XStreamSource} (X allows one filtered-stream connection per app), as of the last record
 * emitted downstream.
 *
 * @param newestId the newest post id emitted (from the stream or a backfill); null before the first. After a gap, and
 *     once after a restore, recent search backfills everything newer than it.
 * @param sequence the offset the next emitted line gets (one per emitted post)
 */
public record XStreamSplit(String newestId, long sequence) implements SourceSplit {

    public static final String ID = "x-stream";
    public static final XStreamSplit START = new XStreamSplit(null, 0);

    public XStreamSplit {
        if (sequence < 0) {
            throw new IllegalArgumentException("negative sequence " + sequence);
        }
    }

    @Override
    public String splitId() {
        return ID;
    }

    /** Field by field with a version (no Kryo, no Java serialization), so saved splits survive upgrades. */
    public static final class Serializer implements SimpleVersionedSerializer<XStreamSplit> {

        public static final Serializer INSTANCE = new Serializer();
        static final int VERSION = 1;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(XStreamSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(split, out);
            }
            return bytes.toByteArray();
        }

        @Override
        public XStreamSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(version, in);
            }
        }

        static void write(XStreamSplit split, DataOutputStream out) throws IOException {
            out.writeBoolean(split.newestId() != null);
            if (split.newestId() != null) {
                out.writeUTF(split.newestId());
            }
            out.writeLong(split.sequence());
        }

        static XStreamSplit read(int version, DataInputStream in) throws IOException {
            if (version != VERSION) {
                throw new IOException("unknown X stream split version " + version + " (this build reads " + VERSION + ")");
            }
            String newest = in.readBoolean() ? in.readUTF() : null;
            return new XStreamSplit(newest, in.readLong());
        }
    }
}
