package org.nigrani.jobs.source.x;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Writes a {@link XQuerySplit} field by field (no Kryo, no Java serialization), so saved cursors survive upgrades. */
public final class XQuerySplitSerializer implements SimpleVersionedSerializer<XQuerySplit> {

    public static final XQuerySplitSerializer INSTANCE = new XQuerySplitSerializer();
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(XQuerySplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public XQuerySplit deserialize(int version, byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(version, in);
        }
    }

    static void write(XQuerySplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.query().id());
        out.writeUTF(split.query().query());
        XQuerySplit.Cursor c = split.cursor();
        writeNullable(out, c.sinceId());
        writeNullable(out, c.cycleNewestId());
        writeNullable(out, c.nextToken());
        out.writeInt(c.pagePosition());
        out.writeLong(c.sequence());
        out.writeLong(c.cycles());
    }

    static XQuerySplit read(int version, DataInputStream in) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown X query split version " + version + " (this build reads " + VERSION + ")");
        }
        XQuery query = new XQuery(in.readUTF(), in.readUTF());
        XQuerySplit.Cursor cursor = new XQuerySplit.Cursor(
                readNullable(in), readNullable(in), readNullable(in), in.readInt(), in.readLong(), in.readLong());
        return new XQuerySplit(query, cursor);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
